import * as oauth from 'oauth4webapi';

import type { ClientContext } from '../context.js';
import { clientOf, resolveServer } from '../discovery/resolve-server.js';
import { LatchkeyError } from '../errors.js';
import { requestOptions, tokenParamsWithResources } from '../http/request-options.js';
import { toLatchkeyError } from '../http/to-latchkey-error.js';
import { dpopOption, requireDpopBound, withDpopNonceRetry } from '../dpop/dpop.js';
import { withRefreshLock } from '../lock/with-refresh-lock.js';
import type { NarrowedToken, TokenRecord } from '../storage/types.js';
import type { ProviderConfig } from '../types.js';
import { readTokens } from './read-tokens.js';
import {
  authorityOf,
  isFresh,
  MAX_REFRESH_OR_ID_TOKEN_LENGTH,
  toTokenRecord,
} from './token-record.js';

/**
 * Refreshes the session of `account` of `provider` under its refresh lock, unless another holder
 * of the lock has already made it fresh for `minValidity` seconds (`force` refreshes regardless).
 * Other accounts' sessions refresh side by side with it.
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
  account: string,
  {
    minValidity = 30,
    force = false,
    signal,
  }: { minValidity?: number; force?: boolean; signal?: AbortSignal | undefined } = {},
): Promise<TokenRecord> {
  const startedAt = Date.now();
  const operation = force ? 'refresh:force' : 'refresh';
  return withRefreshLock(
    ctx,
    provider.id,
    account,
    operation,
    async () => {
      const current = await currentSession(ctx, provider, account);
      if (force ? current.updatedAt > startedAt : isFresh(current, minValidity)) return current;
      return refreshSession(ctx, provider, account, current);
    },
    signal,
  );
}

/**
 * {@link refreshTokens} (not forced) of the provider's current account, for a client that last saw
 * `account` current with a token due for refresh: it queues for the refresh lock at once and reads
 * the session under it — one storage read instead of one before the lock and one under it, and
 * none at all from the clients (tabs) that wait on the lock meanwhile. `undefined`, with nothing
 * written, when that account is no longer the current one or its session is not stored under the
 * config's exact authority: the caller then takes the full path (read, adopt or drop, refresh).
 */
export function refreshCurrent(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string,
  { minValidity = 30, signal }: { minValidity?: number; signal?: AbortSignal | undefined } = {},
): Promise<TokenRecord | undefined> {
  return withRefreshLock(
    ctx,
    provider.id,
    account,
    'refresh:current',
    async () => {
      // Most likely a refresh: the server's metadata (a storage read the first time) is looked up
      // while the session is read. Its failure is the refresh's, reported there.
      resolveServer(ctx, provider).catch(() => undefined);
      const current = await ctx.storage.getTokens(provider.id);
      if (current?.account !== account || current.authority !== authorityOf(provider))
        return undefined;
      return isFresh(current, minValidity)
        ? current
        : refreshSession(ctx, provider, account, current, true);
    },
    signal,
  );
}

/**
 * The refresh itself, under the session's lock, of `current` (just read under it; `isCurrentNow`:
 * read as the current account's, so that need not be asked again). The new tokens are handed out
 * (`onTokenRefreshed`) as soon as the server's answer has passed every check, while the write
 * runs: waiting callers and tabs need not wait for storage. The lock is held until the write is
 * done, so the next holder reads the rotated refresh token, never the old one.
 */
async function refreshSession(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string,
  current: TokenRecord,
  isCurrentNow?: boolean,
): Promise<TokenRecord> {
  const isCurrent = () =>
    ctx.storage.getCurrentAccount(provider.id).then(
      (a) => a === account,
      () => false,
    );
  // Whether the session is the current account's, asked while the token request is under way.
  const wasCurrent = isCurrentNow ?? isCurrent();
  // RFC 8707 §2.2: the session's token stays bound to the resources it was asked for.
  const record = await refreshGrant(ctx, provider, current, {}, (result) => ({
    ...toTokenRecord(provider, result, current.scopes, current),
    ...(current.resources && { resources: current.resources }),
    ...(current.byResource && { byResource: current.byResource }),
    lastRefresh: { at: Date.now(), ok: true },
  }));
  const before = await wasCurrent;
  ctx.refreshed(record, before);
  // Whether it still is once the write is done: in IndexedDB the read's transaction, created after
  // the write's, waits for it. Another tab may have made another account current (a sign-in) or
  // this one (a sign-out) during the request: the hand-out is then said again, corrected.
  const [, after] = await Promise.all([ctx.storage.putTokens(record), isCurrent()]);
  if (after !== before) ctx.refreshed(record, after);
  ctx.emit({
    type: 'token_refreshed',
    provider: provider.id,
    account,
    detail: { rotated: record.refreshToken !== current.refreshToken },
  });
  return record;
}

/**
 * An access token for `scopes`, a subset of the session's (of `account`): from the cache of narrowed tokens while
 * it is fresh for `minValidity` seconds, else from a refresh with `scope` under the refresh lock.
 * The session's own access token and scopes stay as they are; a rotated refresh token replaces the
 * session's, in the same write. A server that answers with scopes beyond the ones asked for is
 * refused (`invalid_response`): the token would not be the narrower one it must be.
 * @see RFC 6749 §6 ("scope … MUST NOT include any scope not originally granted"; the access token
 * may be narrower than the refresh token's grant)
 */
export function narrowTokens(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string,
  scopes: readonly string[],
  { minValidity = 30 }: { minValidity?: number } = {},
): Promise<NarrowedToken> {
  const asked = [...new Set(scopes)].sort();
  const key = asked.join(' ');
  return withRefreshLock(ctx, provider.id, account, `scope:${key}`, async () => {
    const current = await currentSession(ctx, provider, account);
    const cached = current.narrowed?.[key];
    if (cached && isFresh(cached, minValidity)) return cached;
    const fresh = await refreshGrant(ctx, provider, current, { scope: key }, (result) => {
      // No `scope` in the answer means the one asked for (RFC 6749 §5.1).
      const granted =
        typeof result.scope === 'string' ? result.scope.split(' ').filter(Boolean) : asked;
      const extra = granted.filter((s) => !asked.includes(s));
      if (extra.length) {
        throw new LatchkeyError(
          'invalid_response',
          `Asked ${provider.id} for a token limited to ${key}; it answered with ${extra.join(' ')} too`,
        );
      }
      // toTokenRecord checks sizes, normalises token_type and keeps an unrotated refresh token.
      return { ...toTokenRecord(provider, result, granted, current), scopes: granted };
    });
    return keepSideToken(ctx, provider, current, fresh, 'narrowed', key);
  });
}

/**
 * An access token of `account`'s session for the RFC 8707 `resources` (sorted, see
 * `normalizeResources`): from the cache of per-resource tokens while it is fresh for `minValidity`
 * seconds, else from a refresh with `resource` (§2.2) under the refresh lock, kept under its
 * resources. The session's own access token stays as it is; a rotated refresh token replaces the
 * session's, in the same write. The token is for these resources only: it is never handed out for
 * others (the cache is keyed by the exact set).
 * @see RFC 8707 §2.2
 */
export function resourceTokens(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string,
  resources: readonly string[],
  { minValidity = 30 }: { minValidity?: number } = {},
): Promise<NarrowedToken> {
  const key = resources.join(' ');
  return withRefreshLock(ctx, provider.id, account, `resource:${key}`, async () => {
    const current = await currentSession(ctx, provider, account);
    const cached = current.byResource?.[key];
    if (cached && isFresh(cached, minValidity)) return cached;
    // No `scope` in the answer means the session's (RFC 6749 §5.1: none was asked for).
    const fresh = await refreshGrant(ctx, provider, current, { resources }, (result) =>
      toTokenRecord(provider, result, current.scopes, current),
    );
    return keepSideToken(ctx, provider, current, fresh, 'byResource', key);
  });
}

/**
 * Stores a token obtained beside the session's own (narrowed to `key`'s scopes, or for `key`'s
 * resources) with the session's rotated refresh token, and says so.
 */
async function keepSideToken(
  ctx: ClientContext,
  provider: ProviderConfig,
  current: TokenRecord,
  fresh: TokenRecord,
  slot: 'narrowed' | 'byResource',
  key: string,
): Promise<NarrowedToken> {
  const token: NarrowedToken = {
    accessToken: fresh.accessToken,
    tokenType: fresh.tokenType,
    scopes: fresh.scopes,
    ...(fresh.expiresAt !== undefined && { expiresAt: fresh.expiresAt }),
    ...(fresh.lifetime !== undefined && { lifetime: fresh.lifetime }),
  };
  await ctx.storage.putTokens({
    ...current,
    ...(fresh.refreshToken !== undefined && { refreshToken: fresh.refreshToken }),
    [slot]: { ...current[slot], [key]: token },
    lastRefresh: { at: Date.now(), ok: true },
  });
  ctx.emit({
    type: 'token_refreshed',
    provider: provider.id,
    account: current.account,
    detail: {
      rotated: fresh.refreshToken !== current.refreshToken,
      [slot === 'narrowed' ? 'scope' : 'resource']: key,
    },
  });
  return token;
}

/** The session of `account`, read under its lock (the caller holds it). */
async function currentSession(
  ctx: ClientContext,
  provider: ProviderConfig,
  account: string,
): Promise<TokenRecord> {
  const current = await readTokens(ctx, provider, { account, locked: true });
  if (!current)
    throw new LatchkeyError('login_required', `No session for ${provider.id}: sign in first`);
  return current;
}

/**
 * One refresh_token grant request (with `scope` when narrowing; with `resource`, RFC 8707 §2.2, for
 * the asked resources, else for the session's own), its response checked by
 * oauth4webapi and then by `accept` (Latchkey's own checks, which build the result). On failure
 * nothing is lost: `invalid_grant` deletes the session and rejects with `login_required`; a refused
 * request keeps the stored tokens and rejects with a retryable error; a 200 response refused by
 * oauth4webapi's checks or by `accept` still leaves its rotated refresh token stored in place of the
 * old one, which the server has retired.
 */
async function refreshGrant<T>(
  ctx: ClientContext,
  provider: ProviderConfig,
  current: TokenRecord,
  ask: { scope?: string; resources?: readonly string[] },
  accept: (result: oauth.TokenEndpointResponse) => T,
): Promise<T> {
  if (!current.refreshToken) {
    throw new LatchkeyError(
      'login_required',
      `The access token for ${provider.id} has expired and there is no refresh token: sign in again`,
    );
  }
  const as = await resolveServer(ctx, provider);
  const client = clientOf(provider);
  // RFC 6749 §6 at the provider's refresh endpoint when it has one (the rest of `as` still checks
  // the answer: issuer, id_token).
  const tokenAs = provider.refreshEndpoint
    ? { ...as, token_endpoint: provider.refreshEndpoint }
    : as;
  const refreshToken = current.refreshToken;
  // A DPoP-bound refresh token is only accepted with a proof of the same key (RFC 9449 §5).
  const dpop = dpopOption(ctx, provider, current.dpopKey);
  // The refresh token of a 200 answer that oauth4webapi's checks refuse: a server that rotates has
  // retired the old one even so.
  let rotated: unknown;
  let result: oauth.TokenEndpointResponse;
  try {
    result = await withDpopNonceRetry(ctx, dpop, async () => {
      const response = await oauth.refreshTokenGrantRequest(
        tokenAs,
        client,
        oauth.None(),
        refreshToken,
        {
          ...requestOptions(ctx, provider, tokenAs.token_endpoint),
          ...tokenParamsWithResources(
            provider,
            ask.scope !== undefined ? { scope: ask.scope } : undefined,
            ask.resources ?? current.resources,
          ),
          ...dpop,
        },
      );
      // Read only when the checks refuse the answer: a good one is parsed once.
      const copy = response.status === 200 ? response.clone() : undefined;
      try {
        return await oauth.processRefreshTokenResponse(as, client, response);
      } catch (err) {
        if (copy) rotated = (await copy.json().catch(() => undefined))?.refresh_token;
        throw err;
      }
    });
  } catch (err) {
    const e = toLatchkeyError(err, 'Refresh');
    ctx.emit({
      type: 'refresh_failed',
      provider: provider.id,
      account: current.account,
      detail: { error: e.code },
    });
    if (e.code === 'invalid_grant') {
      await ctx.storage.deleteTokens(provider.id, current.account);
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
    // The tokens stay as they were (but for a rotated refresh token); only the note of the failed
    // attempt is added.
    await keepSession(ctx, current, rotated, e.code);
    // The same call may succeed later (the tokens are still there): retryable, whatever the cause.
    (e as { retryable: boolean }).retryable = true;
    throw e;
  }
  try {
    if (current.dpopKey) requireDpopBound(provider, { tokenType: result.token_type });
    return accept(result);
  } catch (err) {
    const e = toLatchkeyError(err, 'Refresh');
    ctx.emit({
      type: 'refresh_failed',
      provider: provider.id,
      account: current.account,
      detail: { error: e.code },
    });
    await keepSession(ctx, current, result.refresh_token, e.code);
    throw e;
  }
}

/**
 * Keeps the session after a failed refresh, noting the failure. When the server answered with a
 * refresh token (rotation), that one replaces the old one, which the server has retired: the old one
 * is never written back. A rotated refresh token that could not be kept (over
 * {@link MAX_REFRESH_OR_ID_TOKEN_LENGTH}, not a string) leaves the session without one.
 * @see RFC 9700 §4.14.2
 */
async function keepSession(
  ctx: ClientContext,
  current: TokenRecord,
  rotated: unknown,
  error: string,
): Promise<void> {
  const { refreshToken: old, ...rest } = current;
  const refreshToken =
    rotated === undefined
      ? old
      : typeof rotated === 'string' &&
          rotated.length <= MAX_REFRESH_OR_ID_TOKEN_LENGTH &&
          rotated !== current.accessToken
        ? rotated
        : undefined;
  await ctx.storage.putTokens({
    ...rest,
    ...(refreshToken !== undefined && { refreshToken }),
    lastRefresh: { at: Date.now(), ok: false, error },
  });
}
