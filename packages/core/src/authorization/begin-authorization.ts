import * as oauth from 'oauth4webapi';

import type { BeginAuthorizationOptions } from '../client-types.js';
import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { dpopOption, requireDpop } from '../dpop/dpop.js';
import { LatchkeyError } from '../errors.js';
import { authorizationParams } from './auth-params.js';
import type { TransactionRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import {
  checkRedirectUri,
  normalizeScopes,
  RESERVED_AUTH_PARAMS,
} from '../config/validate-provider-config.js';

/** Pending flows expire after this long (docs/architecture.md: the `transactions` store). */
export const TRANSACTION_TTL_MS = 10 * 60 * 1000;

/**
 * Builds the authorization request URL and stores its transaction (state, PKCE verifier, nonce,
 * issuer, redirect URI, and for a `dpop` provider a new key pair whose thumbprint is sent as
 * `dpop_jkt`), with the call's checked authorization parameters ({@link authorizationParams}).
 * The verifier is 43 characters of the unreserved set from 32 random bytes.
 * @see RFC 6749 §4.1.1, RFC 7636 §4.1–4.3 (S256), OIDC Core §3.1.2.1 (nonce), RFC 9449 §10,
 * RFC 8707 §2.1
 */
export async function buildAuthorizationUrl(
  ctx: ClientContext,
  provider: ProviderConfig,
  options: BeginAuthorizationOptions = {},
  internal: { idTokenHint?: string } = {},
): Promise<{ url: string; state: string }> {
  const as = await resolveServer(ctx, provider);
  const redirectUri =
    options.redirectUri !== undefined
      ? checkRedirectUri(options.redirectUri)
      : provider.redirectUri;
  if (!redirectUri)
    throw new LatchkeyError(
      'config_invalid',
      `Provider ${provider.id}: no redirectUri configured or given`,
    );
  const scopes = requestedScopes(provider, options.scopes);
  const params = authorizationParams(options);
  const prompt = normalizePrompt(options.prompt);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = scopes.includes('openid') ? oauth.generateRandomNonce() : undefined;

  const url = new URL(as.authorization_endpoint!);
  for (const [k, v] of Object.entries(provider.extraAuthParams ?? {})) url.searchParams.set(k, v);
  for (const [k, v] of Object.entries(options.extraParams ?? {})) {
    if (RESERVED_AUTH_PARAMS.has(k))
      throw new LatchkeyError(
        'config_invalid',
        `extraParams.${k} is set by Latchkey and cannot be overridden`,
      );
    url.searchParams.set(k, v);
  }
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  if (scopes.length > 0) url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  if (nonce) url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  // `SHA256` is only Bixby's spelling in configuration; the wire value is always S256.
  url.searchParams.set('code_challenge_method', 'S256');
  if (prompt) url.searchParams.set('prompt', prompt);
  // OIDC Core §3.1.2.1: the session's id_token, so that the provider answers for that user only.
  if (internal.idTokenHint) url.searchParams.set('id_token_hint', internal.idTokenHint);
  // The call's own parameters win over the provider's and the call's extra ones of the same name.
  for (const [k] of params.pairs) url.searchParams.delete(k);
  for (const [k, v] of params.pairs) url.searchParams.append(k, v);
  // DPoP: the code is bound to the key's thumbprint, so only this key can redeem it.
  const dpopKey = provider.dpop ? await requireDpop(ctx, provider).newKey() : undefined;
  const { DPoP } = dpopOption(ctx, provider, dpopKey);
  if (DPoP) url.searchParams.set('dpop_jkt', await DPoP.calculateThumbprint());

  const pushed = await pushIfDue(ctx, provider, as, url);

  const record: TransactionRecord = {
    state,
    provider: provider.id,
    codeVerifier,
    redirectUri,
    scopes,
    createdAt: Date.now(),
    ...(nonce !== undefined && { nonce }),
    ...(provider.issuer !== undefined && { issuer: as.issuer }),
    ...(options.appState !== undefined && { appState: options.appState }),
    ...(dpopKey !== undefined && { dpopKey }),
    ...(params.resources && { resources: params.resources }),
    ...(params.maxAge !== undefined && { maxAge: params.maxAge }),
  };
  await ctx.storage.pruneTransactions(Date.now() - TRANSACTION_TTL_MS);
  await ctx.storage.putTransaction(record);
  ctx.emit({
    type: 'authorization_started',
    provider: provider.id,
    detail: { scopes: scopes.join(' '), ...(pushed && { par: true }) },
  });
  return { url: (pushed ?? url).href, state };
}

/**
 * RFC 9126 pushed authorization requests: when the provider's `par` says so, or it is not set and
 * the server advertises `pushed_authorization_request_endpoint`, the parameters of `url` are POSTed
 * there (as a public client: `client_id`, no secret) and the URL the user is sent to carries only
 * `client_id` and the `request_uri` answered (§4). `par: true` without the endpoint is
 * `config_invalid`; `par: false` never pushes. Returns undefined when nothing was pushed.
 * @see RFC 9126 §2.1, §2.2, §4, §5
 */
async function pushIfDue(
  ctx: ClientContext,
  provider: ProviderConfig,
  as: oauth.AuthorizationServer,
  url: URL,
): Promise<URL | undefined> {
  const endpoint = as.pushed_authorization_request_endpoint;
  if (provider.par === false || (provider.par === undefined && !endpoint)) return undefined;
  if (!endpoint)
    throw new LatchkeyError(
      'config_invalid',
      `Provider ${provider.id}: par is on but the server advertises no pushed_authorization_request_endpoint (RFC 9126 §5)`,
    );
  const client = clientOf(provider);
  let requestUri: string;
  try {
    const response = await oauth.pushedAuthorizationRequest(
      as,
      client,
      oauth.None(),
      url.searchParams,
      requestOptions(ctx, provider),
    );
    ({ request_uri: requestUri } = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      response,
    ));
  } catch (err) {
    throw toLatchkeyError(err, 'Pushed authorization request');
  }
  const pushed = new URL(as.authorization_endpoint!);
  // Only these two (§4): whatever the authorization endpoint's own query had stays.
  pushed.searchParams.set('client_id', provider.clientId);
  pushed.searchParams.set('request_uri', requestUri);
  return pushed;
}

/**
 * OIDC `prompt`: space-separated values such as `none`, `login`, `consent`, `select_account`.
 * @see OIDC Core §3.1.2.1
 */
function normalizePrompt(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z_]{1,32}( [a-z_]{1,32}){0,4}$/.test(value))
    throw new LatchkeyError(
      'invalid_request',
      'Option prompt must be space-separated words such as none, login, consent, select_account',
    );
  return value;
}

/**
 * The scopes of one flow: the call's (split like the provider's: `"openid profile"` is two scopes),
 * else the provider's. OpenID Connect needs the provider's issuer to check the id_token against, so
 * `openid` without one is refused here, before the user is sent to consent.
 * @see RFC 6749 §3.3, OpenID Connect Core 1.0 §3.1.3.7
 */
function requestedScopes(provider: ProviderConfig, asked: unknown): string[] {
  let scopes = provider.scopes ?? [];
  if (asked !== undefined) {
    try {
      scopes = normalizeScopes('scopes', asked);
    } catch (err) {
      throw new LatchkeyError(
        'invalid_scope',
        (err as Error).message.replace('Provider config: ', ''),
      );
    }
  }
  if (scopes.includes('openid') && provider.issuer === undefined) {
    throw new LatchkeyError(
      'config_invalid',
      `Provider ${provider.id}: the openid scope needs the provider's issuer, to check the id_token against (OpenID Connect Core §3.1.3.7)`,
    );
  }
  return scopes;
}
