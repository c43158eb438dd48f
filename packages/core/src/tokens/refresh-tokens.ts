import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { withRefreshLock } from '../lock/with-refresh-lock.js';
import type { TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
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
export function refreshTokens(
  ctx: ClientContext,
  provider: ProviderConfig,
  { minValidity = 30, force = false }: { minValidity?: number; force?: boolean } = {},
): Promise<TokenRecord> {
  const startedAt = Date.now();
  return withRefreshLock(ctx, provider.id, async () => {
    const current = await readTokens(ctx, provider);
    if (!current)
      throw new LatchkeyError('login_required', `No session for ${provider.id}: sign in first`);
    if (force ? current.updatedAt > startedAt : isFresh(current, minValidity)) return current;
    if (!current.refreshToken) {
      throw new LatchkeyError(
        'login_required',
        `The access token for ${provider.id} has expired and there is no refresh token: sign in again`,
      );
    }
    const as = await resolveServer(ctx, provider);
    const client = clientOf(provider);
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        client,
        oauth.None(),
        current.refreshToken,
        {
          ...requestOptions(ctx, provider, as.token_endpoint),
          ...(provider.extraTokenParams && { additionalParameters: provider.extraTokenParams }),
        },
      );
      const result = await oauth.processRefreshTokenResponse(as, client, response);
      const record = {
        ...toTokenRecord(provider, result, current.scopes, current),
        lastRefresh: { at: Date.now(), ok: true },
      };
      await ctx.storage.putTokens(record);
      ctx.emit({
        type: 'token_refreshed',
        provider: provider.id,
        detail: { rotated: record.refreshToken !== current.refreshToken },
      });
      return record;
    } catch (err) {
      const e = toLatchkeyError(err, 'Refresh');
      ctx.emit({ type: 'refresh_failed', provider: provider.id, detail: { error: e.code } });
      if (e.code === 'invalid_grant') {
        await ctx.storage.deleteTokens(provider.id);
        throw new LatchkeyError(
          'login_required',
          `The session for ${provider.id} has ended (invalid_grant): sign in again`,
          {
            cause: e,
            error: 'invalid_grant',
            ...(e.error_description !== undefined && { error_description: e.error_description }),
            ...(e.status !== undefined && { status: e.status }),
          },
        );
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
  });
}
