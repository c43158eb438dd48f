import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { withProviderLock } from '../lock/with-refresh-lock.js';
import { revokeToken } from '../revocation/sign-out.js';
import type { TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import { issuedUnder } from './read-tokens.js';

/**
 * Stores the tokens of a new sign-in (code or device grant) in place of any session of `provider`,
 * after any refresh of the old session queued before it, so that none can write over the new one.
 * The refresh token it replaces is then revoked, best effort and without holding up the sign-in
 * (RFC 7009 §2.1), so that it is not left alive — unless it was issued under another authority (a
 * redefined provider): it is never sent to a server that did not issue it, and is only dropped.
 * @see RFC 7009 §2.1, RFC 9700 §4.14
 */
export async function storeSession(
  ctx: ClientContext,
  provider: ProviderConfig,
  record: TokenRecord,
): Promise<void> {
  const replaced = await withProviderLock(ctx, provider.id, async () => {
    const old = await ctx.storage.getTokens(provider.id);
    await ctx.storage.putTokens(record);
    return old;
  });
  const token = replaced?.refreshToken;
  if (token && token !== record.refreshToken && issuedUnder(replaced, provider)) {
    void resolveServer(ctx, provider)
      .then((as) =>
        as.revocation_endpoint
          ? revokeToken(ctx, provider, as, clientOf(provider), token, 'refresh_token')
          : undefined,
      )
      .catch(() => undefined);
  }
}
