import * as oauth from 'oauth4webapi';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { dpopOption, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { withRefreshLock } from '../lock/with-refresh-lock.js';
import { readTokens } from './read-tokens.js';
import { isFresh, toTokenRecord } from './token-record.js';
/**
 * Refreshes the tokens of `provider` under the refresh lock, unless another holder of the lock has
 * already made them fresh for `minValidity` seconds (`force` refreshes regardless).
 *
 * Nothing is lost on failure: `invalid_grant` (the refresh token is dead: revoked, expired, or
 * rotated away) deletes the tokens and rejects with `login_required`; any other failure keeps the
 * stored tokens and rejects with a retryable error. A rotated refresh token replaces the old one in
 * the same single write as the new access token.
 * @see RFC 6749 §6, RFC 9700 §4.14.2 (refresh token rotation)
 */
export function refreshTokens(ctx, provider, { minValidity = 30, force = false } = {}) {
    const startedAt = Date.now();
    return withRefreshLock(ctx, provider.id, force ? 'refresh:force' : 'refresh', async () => {
        const current = await currentSession(ctx, provider);
        if (force ? current.updatedAt > startedAt : isFresh(current, minValidity))
            return current;
        const record = await refreshGrant(ctx, provider, current, undefined, (result) => ({
            ...toTokenRecord(provider, result, current.scopes, current),
            lastRefresh: { at: Date.now(), ok: true },
        }));
        await ctx.storage.putTokens(record);
        ctx.emit({
            type: 'token_refreshed',
            provider: provider.id,
            detail: { rotated: record.refreshToken !== current.refreshToken },
        });
        return record;
    });
}
/**
 * An access token for `scopes`, a subset of the session's: from the cache of narrowed tokens while
 * it is fresh for `minValidity` seconds, else from a refresh with `scope` under the refresh lock.
 * The session's own access token and scopes stay as they are; a rotated refresh token replaces the
 * session's, in the same write. A server that answers with scopes beyond the ones asked for is
 * refused (`invalid_response`): the token would not be the narrower one it must be.
 * @see RFC 6749 §6 ("scope … MUST NOT include any scope not originally granted"; the access token
 * may be narrower than the refresh token's grant)
 */
export function narrowTokens(ctx, provider, scopes, { minValidity = 30 } = {}) {
    const asked = [...new Set(scopes)].sort();
    const key = asked.join(' ');
    return withRefreshLock(ctx, provider.id, `scope:${key}`, async () => {
        const current = await currentSession(ctx, provider);
        const cached = current.narrowed?.[key];
        if (cached && isFresh(cached, minValidity))
            return cached;
        const fresh = await refreshGrant(ctx, provider, current, key, (result) => {
            // No `scope` in the answer means the one asked for (RFC 6749 §5.1).
            const granted = typeof result.scope === 'string' ? result.scope.split(' ').filter(Boolean) : asked;
            const extra = granted.filter((s) => !asked.includes(s));
            if (extra.length) {
                throw new LatchkeyError('invalid_response', `Asked ${provider.id} for a token limited to ${key}; it answered with ${extra.join(' ')} too`);
            }
            // toTokenRecord checks sizes, normalises token_type and keeps an unrotated refresh token.
            return { ...toTokenRecord(provider, result, granted, current), scopes: granted };
        });
        const narrowed = {
            accessToken: fresh.accessToken,
            tokenType: fresh.tokenType,
            scopes: fresh.scopes,
            ...(fresh.expiresAt !== undefined && { expiresAt: fresh.expiresAt }),
        };
        await ctx.storage.putTokens({
            ...current,
            ...(fresh.refreshToken !== undefined && { refreshToken: fresh.refreshToken }),
            narrowed: { ...current.narrowed, [key]: narrowed },
            lastRefresh: { at: Date.now(), ok: true },
        });
        ctx.emit({
            type: 'token_refreshed',
            provider: provider.id,
            detail: { rotated: fresh.refreshToken !== current.refreshToken, scope: key },
        });
        return narrowed;
    });
}
async function currentSession(ctx, provider) {
    const current = await readTokens(ctx, provider);
    if (!current)
        throw new LatchkeyError('login_required', `No session for ${provider.id}: sign in first`);
    return current;
}
/**
 * One refresh_token grant request (with `scope` when narrowing), its response checked by
 * oauth4webapi and then by `accept` (Latchkey's own checks, which build the result). On failure
 * nothing is lost: `invalid_grant` deletes the session and rejects with `login_required`; a refused
 * request keeps the stored tokens and rejects with a retryable error; a response `accept` refuses
 * still leaves its rotated refresh token stored, since the server has retired the old one.
 */
async function refreshGrant(ctx, provider, current, scope, accept) {
    if (!current.refreshToken) {
        throw new LatchkeyError('login_required', `The access token for ${provider.id} has expired and there is no refresh token: sign in again`);
    }
    const as = await resolveServer(ctx, provider);
    const client = clientOf(provider);
    const additionalParameters = {
        ...provider.extraTokenParams,
        ...(scope !== undefined && { scope }),
    };
    const refreshToken = current.refreshToken;
    // A DPoP-bound refresh token is only accepted with a proof of the same key (RFC 9449 §5).
    const dpop = dpopOption(ctx, provider, current.dpopKey);
    let result;
    try {
        result = await withDpopNonceRetry(ctx, dpop, async () => {
            const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, {
                ...requestOptions(ctx, provider, as.token_endpoint),
                ...(Object.keys(additionalParameters).length && { additionalParameters }),
                ...dpop,
            });
            return oauth.processRefreshTokenResponse(as, client, response);
        });
    }
    catch (err) {
        const e = toLatchkeyError(err, 'Refresh');
        ctx.emit({ type: 'refresh_failed', provider: provider.id, detail: { error: e.code } });
        if (e.code === 'invalid_grant') {
            await ctx.storage.deleteTokens(provider.id);
            throw new LatchkeyError('login_required', `The session for ${provider.id} has ended (invalid_grant): sign in again`, {
                cause: e,
                error: 'invalid_grant',
                ...(e.error_description !== undefined && { error_description: e.error_description }),
                ...(e.status !== undefined && { status: e.status }),
            });
        }
        // The tokens stay as they were; only the note of the failed attempt is added.
        await ctx.storage.putTokens({
            ...current,
            lastRefresh: { at: Date.now(), ok: false, error: e.code },
        });
        throw e.retryable
            ? e
            : new LatchkeyError(e.code, e.message, {
                cause: e.cause,
                retryable: true,
                ...(e.error !== undefined && { error: e.error }),
                ...(e.error_description !== undefined && { error_description: e.error_description }),
                ...(e.error_uri !== undefined && { error_uri: e.error_uri }),
                ...(e.status !== undefined && { status: e.status }),
            });
    }
    try {
        if (current.dpopKey)
            requireDpopBound(provider, { tokenType: result.token_type });
        return accept(result);
    }
    catch (err) {
        const e = toLatchkeyError(err, 'Refresh');
        ctx.emit({ type: 'refresh_failed', provider: provider.id, detail: { error: e.code } });
        await ctx.storage.putTokens({
            ...current,
            ...(result.refresh_token !== undefined && { refreshToken: result.refresh_token }),
            lastRefresh: { at: Date.now(), ok: false, error: e.code },
        });
        throw e;
    }
}
