import * as oauth from 'oauth4webapi';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../config/validate-provider-config.js';
import { LatchkeyError } from '../errors.js';
/**
 * The identity of the server and client a provider's tokens belong to: issuer, every endpoint,
 * client id, and whether they are DPoP-bound. Two configs with the same `id` but another authority
 * do not share tokens: a refresh, revocation or userinfo request never reaches a server that did not
 * issue them, and turning DPoP on never keeps a bearer session.
 */
export function authorityOf(provider) {
    return JSON.stringify([
        provider.issuer ?? null,
        provider.authorizationEndpoint ?? null,
        provider.tokenEndpoint ?? null,
        provider.revocationEndpoint ?? null,
        provider.deviceAuthorizationEndpoint ?? null,
        provider.userinfoEndpoint ?? null,
        provider.clientId,
        provider.dpop === true,
    ]);
}
/**
 * Builds the stored token set from a checked token response. A refresh response that omits the
 * refresh token, id_token or scope keeps the previous ones (RFC 6749 §6, §5.1). Tokens over the
 * provider's size limit are refused before anything is stored.
 * @see RFC 6749 §5.1
 */
export function toTokenRecord(provider, response, requestedScopes, previous) {
    const max = provider.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
    for (const field of ['access_token', 'refresh_token', 'id_token']) {
        const value = response[field];
        if (typeof value === 'string' && value.length > max) {
            throw new LatchkeyError('invalid_response', `The ${field} is ${value.length} characters long, over the limit of ${max} for ${provider.id}`);
        }
    }
    const claims = oauth.getValidatedIdTokenClaims(response);
    const now = Date.now();
    const refreshToken = response.refresh_token ?? previous?.refreshToken;
    const idToken = response.id_token ?? previous?.idToken;
    const keptClaims = claims ?? previous?.claims;
    return {
        provider: provider.id,
        account: typeof keptClaims?.sub === 'string' ? keptClaims.sub : (previous?.account ?? ''),
        accessToken: response.access_token,
        // oauth4webapi lower-cases token_type (RFC 6749 §7.1: case-insensitive); keep the usual spelling.
        tokenType: response.token_type === 'bearer'
            ? 'Bearer'
            : response.token_type === 'dpop'
                ? 'DPoP'
                : response.token_type,
        scopes: typeof response.scope === 'string'
            ? response.scope.split(' ').filter(Boolean)
            : (previous?.scopes ?? requestedScopes),
        updatedAt: now,
        authority: authorityOf(provider),
        ...(typeof response.expires_in === 'number' && { expiresAt: now + response.expires_in * 1000 }),
        ...(refreshToken !== undefined && { refreshToken }),
        ...(idToken !== undefined && { idToken }),
        ...(keptClaims !== undefined && { claims: keptClaims }),
        ...(previous?.dpopKey !== undefined && { dpopKey: previous.dpopKey }),
    };
}
/** What may leave the core: never the refresh token or the id_token. */
export function toTokenInfo(record) {
    const info = {
        provider: record.provider,
        accessToken: record.accessToken,
        tokenType: record.tokenType,
        scopes: [...record.scopes],
    };
    if (record.expiresAt !== undefined)
        info.expiresAt = record.expiresAt;
    const account = accountOf(record);
    if (account)
        info.account = account;
    return info;
}
function accountOf(record) {
    if (!record.account)
        return undefined;
    const c = record.claims ?? {};
    const account = { sub: record.account };
    if (typeof c.name === 'string')
        account.name = c.name;
    if (typeof c.email === 'string')
        account.email = c.email;
    if (typeof c.preferred_username === 'string')
        account.preferredUsername = c.preferred_username;
    return account;
}
/** Whether the access token is still valid for `minValiditySeconds`; no known expiry counts as valid. */
export function isFresh(record, minValiditySeconds, now = Date.now()) {
    return record.expiresAt === undefined || record.expiresAt - minValiditySeconds * 1000 > now;
}
