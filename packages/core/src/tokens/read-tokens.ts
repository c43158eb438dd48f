import type { ClientContext } from '../context.js';
import { withSessionLock } from '../lock/with-refresh-lock.js';
import type { TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import { authorityOf, legacyAuthorityOf } from './token-record.js';

/**
 * The stored tokens of `account` of `provider` (without `account`: of its current account), if they were issued under its current authority
 * ({@link authorityOf}: issuer, endpoints, client id and what decides how and where tokens are
 * sent). Tokens of an earlier definition of the same provider id are deleted (a `signed_out` event
 * says why) rather than used: their refresh token must not reach a token or revocation endpoint that
 * did not issue it. A session stored without an authority, or under the older, shorter one that
 * matches, is adopted by the config in force now.
 *
 * Adopting and dropping are writes: they are made under the session's lock on a fresh read (`locked`
 * says the caller holds it already, and then `account` must be given), so that they never write an old refresh token back over a
 * refresh or a sign-in that landed since the first read.
 * @see RFC 9700 §4.14 (refresh tokens are bound to the client they were issued to), RFC 6749 §10.4
 */
export async function readTokens(
  ctx: ClientContext,
  provider: ProviderConfig,
  {
    account,
    announce = true,
    locked = false,
  }: { account?: string | undefined; announce?: boolean; locked?: boolean } = {},
): Promise<TokenRecord | undefined> {
  const authority = authorityOf(provider);
  const record = await ctx.storage.getTokens(provider.id, account);
  if (!record || record.authority === authority) return record;
  const which = record.account;
  const settle = async () => {
    const again = locked ? record : await ctx.storage.getTokens(provider.id, which);
    if (!again || again.authority === authority) return again;
    if (adoptable(again, provider)) {
      const adopted = { ...again, authority };
      await ctx.storage.putTokens(adopted);
      return adopted;
    }
    await ctx.storage.deleteTokens(provider.id, which);
    if (announce)
      ctx.emit({
        type: 'signed_out',
        provider: provider.id,
        account: which,
        detail: { revoked: false, reason: 'provider_changed' },
      });
    return undefined;
  };
  return locked ? settle() : withSessionLock(ctx, provider.id, which, settle);
}

/** Whether `record` was issued under `provider`'s authority, now or in a form it adopts. */
export function issuedUnder(record: TokenRecord, provider: ProviderConfig): boolean {
  return record.authority === authorityOf(provider) || adoptable(record, provider);
}

function adoptable(record: TokenRecord, provider: ProviderConfig): boolean {
  return record.authority === undefined
    ? (record.dpopKey !== undefined) === (provider.dpop === true)
    : record.authority === legacyAuthorityOf(provider);
}
