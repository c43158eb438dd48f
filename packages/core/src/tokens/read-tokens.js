import { authorityOf } from './token-record.js';
/**
 * The stored tokens of `provider`, if they were issued under its current issuer, token endpoint and
 * client id. Tokens of an earlier definition of the same provider id are deleted (a `signed_out`
 * event says why) rather than used: their refresh token must not reach a token or revocation
 * endpoint that did not issue it.
 * @see RFC 9700 §4.14 (refresh tokens are bound to the client they were issued to), RFC 6749 §10.4
 */
export async function readTokens(ctx, provider, { announce = true } = {}) {
    const record = await ctx.storage.getTokens(provider.id);
    if (!record || record.authority === authorityOf(provider))
        return record;
    if (record.authority === undefined &&
        (record.dpopKey !== undefined) === (provider.dpop === true)) {
        // Stored before tokens carried their authority: adopted once by the config in force now.
        const adopted = { ...record, authority: authorityOf(provider) };
        await ctx.storage.putTokens(adopted);
        return adopted;
    }
    await ctx.storage.deleteTokens(provider.id);
    if (announce)
        ctx.emit({
            type: 'signed_out',
            provider: provider.id,
            detail: { revoked: false, reason: 'provider_changed' },
        });
    return undefined;
}
