import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import type { ProviderConfig } from '../types.js';
import { isSecureOrLoopback } from '../config/loopback.js';
import { DEFAULT_ID_TOKEN_SIGNING_ALGS, ENDPOINT_FIELDS } from '../config/provider-field-rules.js';

/** How long discovered metadata is reused from storage before it is fetched again. */
export const METADATA_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The authorization server of `provider`. With both `authorizationEndpoint` and `tokenEndpoint`
 * configured it is built from the configuration alone: no metadata request at all, even with an
 * `issuer` (which then only checks `iss` and the id_token; Roblox-style servers publish no metadata).
 * Otherwise the issuer's metadata is discovered once per client (RFC 8414
 * `/.well-known/oauth-authorization-server`, then OpenID Connect Discovery) and kept in storage for a
 * day where the storage can (so a stopped service worker need not discover again), with the
 * configured endpoints taking precedence. A failed discovery is not cached, so the next call tries
 * again. Every endpoint the metadata gives must use https (plain http on loopback only), as
 * configured endpoints must.
 *
 * The id_token signing algorithms accepted are the metadata's
 * `id_token_signing_alg_values_supported`; without it, the provider's `idTokenSigningAlgs`
 * (default RS256 and ES256).
 * @see RFC 8414 §3 (metadata request), §3.3 (issuer must match), RFC 7636 §4.3 (S256 required),
 *   OpenID Connect Discovery 1.0 §3 (`id_token_signing_alg_values_supported`), RFC 9700 §2.6 (TLS)
 */
export function resolveServer(
  ctx: ClientContext,
  provider: ProviderConfig,
): Promise<oauth.AuthorizationServer> {
  let pending = ctx.servers.get(provider.id);
  if (!pending) {
    pending = buildServer(ctx, provider);
    ctx.servers.set(provider.id, pending);
    pending.catch(() => ctx.servers.delete(provider.id));
  }
  return pending;
}

/** Whether `provider` names its own authorization and token endpoints (then nothing is discovered). */
export function hasExplicitEndpoints(provider: ProviderConfig): boolean {
  return provider.authorizationEndpoint !== undefined && provider.tokenEndpoint !== undefined;
}

async function buildServer(
  ctx: ClientContext,
  provider: ProviderConfig,
): Promise<oauth.AuthorizationServer> {
  const discovered =
    provider.issuer !== undefined && !hasExplicitEndpoints(provider)
      ? await cachedDiscovery(ctx, provider, provider.issuer)
      : undefined;
  if (discovered) checkMetadataEndpoints(provider, discovered);
  const algs = discovered?.id_token_signing_alg_values_supported;
  const as: oauth.AuthorizationServer = {
    ...discovered,
    // oauth4webapi holds the id_token's `alg` to this list (its fallback would be RS256 alone).
    id_token_signing_alg_values_supported: Array.isArray(algs)
      ? algs
      : [...(provider.idTokenSigningAlgs ?? DEFAULT_ID_TOKEN_SIGNING_ALGS)],
    // Without a configured issuer there is nothing to check `iss` against (RFC 9207 §2.4); the
    // callback handling accounts for that.
    issuer: provider.issuer ?? `urn:latchkey:unverified-issuer:${provider.id}`,
  };
  for (const field of ENDPOINT_FIELDS) {
    const value = provider[field.name];
    if ('metadata' in field && value !== undefined)
      (as as Record<string, unknown>)[field.metadata] = value;
  }
  if (!as.authorization_endpoint || !as.token_endpoint) {
    throw new LatchkeyError(
      'config_invalid',
      `Provider ${provider.id}: no authorization or token endpoint (configure them or an issuer with metadata)`,
    );
  }
  const methods = as.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw new LatchkeyError(
      'config_invalid',
      `Provider ${provider.id}: the server advertises PKCE methods ${JSON.stringify(methods)} without S256; Latchkey uses S256 only (RFC 7636 §4.2, RFC 9700 §2.1.1)`,
    );
  }
  return as;
}

/**
 * Holds discovered metadata to the rule configured endpoints follow: every endpoint (`…_endpoint`,
 * `jwks_uri`) is an https URL, or plain http on loopback. The authorization endpoint is never fetched
 * by Latchkey (the browser navigates to it), so the per-request check would not catch it.
 * @see RFC 8414 §2 (endpoints are https URLs), RFC 9700 §2.6
 */
function checkMetadataEndpoints(provider: ProviderConfig, metadata: oauth.AuthorizationServer) {
  for (const [name, value] of Object.entries(metadata)) {
    if (!name.endsWith('_endpoint') && name !== 'jwks_uri') continue;
    const url = typeof value === 'string' ? URL.parse(value) : null;
    if (!url || !isSecureOrLoopback(url)) {
      throw new LatchkeyError(
        'invalid_response',
        `Provider ${provider.id}: the server's metadata gives ${name} ${typeof value === 'string' ? JSON.stringify(value.slice(0, 200)) : `as ${typeof value}`}; every endpoint must be an https URL (plain http on loopback only). Configure the endpoints instead if the server cannot fix this.`,
      );
    }
  }
}

async function cachedDiscovery(
  ctx: ClientContext,
  provider: ProviderConfig,
  issuer: string,
): Promise<oauth.AuthorizationServer> {
  // A storage failure only costs a discovery request: the cache is an optimisation.
  const cached = await ctx.storage.getServerMetadata?.(issuer).catch(() => undefined);
  if (
    cached &&
    cached.metadata.issuer === issuer &&
    Date.now() - cached.fetchedAt < METADATA_TTL_MS &&
    cached.fetchedAt <= Date.now()
  ) {
    return cached.metadata as unknown as oauth.AuthorizationServer;
  }
  const metadata = await discover(ctx, provider, issuer);
  await ctx.storage
    .putServerMetadata?.({
      issuer,
      metadata: { ...metadata } as Record<string, unknown>,
      fetchedAt: Date.now(),
    })
    .catch(() => undefined);
  return metadata;
}

/**
 * Fetches and checks the metadata of `issuer`: RFC 8414 first (path-insertion form for an issuer with
 * a path), then OpenID Connect Discovery; the `issuer` inside must equal the configured one.
 * @see RFC 8414 §3.1, §3.3, OpenID Connect Discovery 1.0 §4
 */
export async function discover(
  ctx: ClientContext,
  provider: ProviderConfig,
  issuer: string,
): Promise<oauth.AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  let lastError: unknown;
  for (const algorithm of ['oauth2', 'oidc'] as const) {
    try {
      const response = await oauth.discoveryRequest(issuerUrl, {
        algorithm,
        ...requestOptions(ctx, provider),
      });
      if (response.status === 404) {
        lastError = new LatchkeyError(
          'config_invalid',
          `Provider ${provider.id}: no metadata at ${response.url || issuer}`,
        );
        await response.body?.cancel();
        continue;
      }
      return await oauth.processDiscoveryResponse(issuerUrl, response);
    } catch (err) {
      if (
        err instanceof oauth.OperationProcessingError &&
        err.code === oauth.JSON_ATTRIBUTE_COMPARISON
      ) {
        throw new LatchkeyError(
          'issuer_mismatch',
          `Provider ${provider.id}: the metadata's issuer is not ${issuer} (RFC 8414 §3.3)`,
          { cause: err },
        );
      }
      lastError = err;
    }
  }
  throw toLatchkeyError(lastError, `Discovery for ${provider.id}`);
}

/** oauth4webapi's view of Latchkey as a client of `provider`: public, no authentication. */
export function clientOf(provider: ProviderConfig): oauth.Client {
  return { client_id: provider.clientId, token_endpoint_auth_method: 'none' };
}
