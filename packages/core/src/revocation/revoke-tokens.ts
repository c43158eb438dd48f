import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import type { ProviderConfig } from '../types.js';
import { revokeToken } from './sign-out.js';

/**
 * Revokes tokens of `provider` that are no session of this client any more (a replaced or refused
 * session's), best effort: the refresh token first (which ends its grant at most servers), then the
 * access token, each with its `token_type_hint`. Stored tokens are not touched. `revoked` is false
 * when the server has no revocation endpoint or refused or could not be reached.
 * @see RFC 7009 §2.1 (revocation request), §2.2
 */
export async function revokeTokens(
  ctx: ClientContext,
  provider: ProviderConfig,
  tokens: { refreshToken?: string | undefined; accessToken?: string | undefined },
): Promise<{ revoked: boolean }> {
  const as = await resolveServer(ctx, provider).catch(() => undefined);
  if (!as?.revocation_endpoint) return { revoked: false };
  const client = clientOf(provider);
  const revoke = (token: string | undefined, hint: 'refresh_token' | 'access_token') =>
    token === undefined
      ? Promise.resolve(true)
      : revokeToken(ctx, provider, as, client, token, hint).then(
          () => true,
          () => false,
        );
  const refreshRevoked = await revoke(tokens.refreshToken, 'refresh_token');
  const accessRevoked = await revoke(tokens.accessToken, 'access_token');
  return { revoked: refreshRevoked && accessRevoked };
}
