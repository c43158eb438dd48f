import type { ClientContext } from '../context.js';
import { withSessionLock } from '../lock/with-refresh-lock.js';
import type { TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';

/**
 * Stores the tokens of a new sign-in (code or device grant) as the session of their account (the
 * id_token's `sub`, `''` without one) and makes that account the provider's current one. Another
 * account's session stays beside it, untouched. The same account's session is replaced, after any
 * refresh of it queued before, so that none can write over the new one. Its replaced refresh token
 * is not revoked: a server may issue the new tokens under the same grant (oidc-provider reuses the
 * grant of the user's session), and revoking a refresh token invalidates every token of its grant
 * (RFC 7009 §2.1) — the new session with it. A replaced session issued under another authority (a
 * redefined provider) is only dropped: its tokens are never sent to a server that did not issue them.
 * @see RFC 7009 §2.1, RFC 9700 §4.14
 */
export async function storeSession(
  ctx: ClientContext,
  provider: ProviderConfig,
  record: TokenRecord,
): Promise<void> {
  await withSessionLock(ctx, provider.id, record.account, () =>
    ctx.storage.putTokens(record, { makeCurrent: true }),
  );
}
