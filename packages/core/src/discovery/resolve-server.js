import * as oauth from 'oauth4webapi';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
/** How long discovered metadata is reused from storage before it is fetched again. */
export const METADATA_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * The authorization server of `provider`: discovered once per client (RFC 8414
 * `/.well-known/oauth-authorization-server`, then OpenID Connect Discovery) and kept in storage for a
 * day where the storage can (so a stopped service worker need not discover again), with the
 * configured endpoints taking precedence; or built from the configured endpoints alone when there is
 * no issuer. A failed discovery is not cached, so the next call tries again.
 * @see RFC 8414 §3 (metadata request), §3.3 (issuer must match), RFC 7636 §4.3 (S256 required)
 */
export function resolveServer(ctx, provider) {
    let pending = ctx.servers.get(provider.id);
    if (!pending) {
        pending = buildServer(ctx, provider);
        ctx.servers.set(provider.id, pending);
        pending.catch(() => ctx.servers.delete(provider.id));
    }
    return pending;
}
async function buildServer(ctx, provider) {
    const discovered = provider.issuer !== undefined
        ? await cachedDiscovery(ctx, provider, provider.issuer)
        : undefined;
    const as = {
        ...discovered,
        // Without a configured issuer there is nothing to check `iss` against (RFC 9207 §2.4); the
        // callback handling accounts for that.
        issuer: provider.issuer ?? `urn:latchkey:unverified-issuer:${provider.id}`,
    };
    const overrides = [
        ['authorization_endpoint', provider.authorizationEndpoint],
        ['token_endpoint', provider.tokenEndpoint],
        ['revocation_endpoint', provider.revocationEndpoint],
        ['device_authorization_endpoint', provider.deviceAuthorizationEndpoint],
        ['userinfo_endpoint', provider.userinfoEndpoint],
    ];
    for (const [key, value] of overrides)
        if (value !== undefined)
            as[key] = value;
    if (!as.authorization_endpoint || !as.token_endpoint) {
        throw new LatchkeyError('config_invalid', `Provider ${provider.id}: no authorization or token endpoint (configure them or an issuer with metadata)`);
    }
    const methods = as.code_challenge_methods_supported;
    if (Array.isArray(methods) && !methods.includes('S256')) {
        throw new LatchkeyError('config_invalid', `Provider ${provider.id}: the server advertises PKCE methods ${JSON.stringify(methods)} without S256; Latchkey uses S256 only (RFC 7636 §4.2, RFC 9700 §2.1.1)`);
    }
    return as;
}
async function cachedDiscovery(ctx, provider, issuer) {
    // A storage failure only costs a discovery request: the cache is an optimisation.
    const cached = await ctx.storage.getServerMetadata?.(issuer).catch(() => undefined);
    if (cached &&
        cached.metadata.issuer === issuer &&
        Date.now() - cached.fetchedAt < METADATA_TTL_MS &&
        cached.fetchedAt <= Date.now()) {
        return cached.metadata;
    }
    const metadata = await discover(ctx, provider, issuer);
    await ctx.storage
        .putServerMetadata?.({
        issuer,
        metadata: { ...metadata },
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
export async function discover(ctx, provider, issuer) {
    const issuerUrl = new URL(issuer);
    let lastError;
    for (const algorithm of ['oauth2', 'oidc']) {
        try {
            const response = await oauth.discoveryRequest(issuerUrl, {
                algorithm,
                ...requestOptions(ctx, provider),
            });
            if (response.status === 404) {
                lastError = new LatchkeyError('config_invalid', `Provider ${provider.id}: no metadata at ${response.url || issuer}`);
                await response.body?.cancel();
                continue;
            }
            return await oauth.processDiscoveryResponse(issuerUrl, response);
        }
        catch (err) {
            if (err instanceof oauth.OperationProcessingError &&
                err.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
                throw new LatchkeyError('issuer_mismatch', `Provider ${provider.id}: the metadata's issuer is not ${issuer} (RFC 8414 §3.3)`, { cause: err });
            }
            lastError = err;
        }
    }
    throw toLatchkeyError(lastError, `Discovery for ${provider.id}`);
}
/** oauth4webapi's view of Latchkey as a client of `provider`: public, no authentication. */
export function clientOf(provider) {
    return { client_id: provider.clientId, token_endpoint_auth_method: 'none' };
}
