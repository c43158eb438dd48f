import * as oauth from 'oauth4webapi';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { requestOptions } from '../http/request-options.js';
import { withProviderLock } from '../lock/with-refresh-lock.js';
import { readTokens } from '../tokens/read-tokens.js';
/**
 * Signs out of `provider`: revokes the refresh token (which ends the grant at most servers), then the
 * access token, each with its `token_type_hint`, and deletes the local tokens whatever the server
 * answered — a failed revocation must not keep a user signed in locally. Runs under the refresh
 * lock, so that a refresh in flight cannot write the tokens back after they are gone.
 * @see RFC 7009 §2.1 (revocation request), §2.2
 */
export function signOut(ctx, provider) {
    return withProviderLock(ctx, provider.id, () => revokeAndForget(ctx, provider));
}
async function revokeAndForget(ctx, provider) {
    // Tokens of an earlier definition of this id are dropped unrevoked: never sent to this server.
    const record = await readTokens(ctx, provider, { announce: false });
    let revoked = false;
    try {
        if (record) {
            const as = await resolveServer(ctx, provider).catch(() => undefined);
            if (as?.revocation_endpoint) {
                const client = clientOf(provider);
                const revoke = (token, hint) => revokeToken(ctx, provider, as, client, token, hint);
                const ok = (p) => p.then(() => true, () => false);
                // Refresh token first: revoking it ends the grant, so a failure after it leaves nothing usable.
                const refreshRevoked = record.refreshToken
                    ? await ok(revoke(record.refreshToken, 'refresh_token'))
                    : true;
                const accessRevoked = await ok(revoke(record.accessToken, 'access_token'));
                revoked = refreshRevoked && accessRevoked;
            }
        }
    }
    finally {
        await ctx.storage.deleteTokens(provider.id);
        ctx.emit({ type: 'signed_out', provider: provider.id, detail: { revoked } });
    }
    return { revoked };
}
/**
 * Asks the server to revoke one token, with its `token_type_hint`, as a public client (`client_id`
 * only).
 * @see RFC 7009 §2.1, §2.2
 */
export async function revokeToken(ctx, provider, as, client, token, hint) {
    const response = await oauth.revocationRequest(as, client, oauth.None(), token, {
        ...requestOptions(ctx, provider),
        additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
}
