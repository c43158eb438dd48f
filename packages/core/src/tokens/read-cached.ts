import { accessTokenHeader } from '../resource/token-header.js';
import type { LatchkeyStorage, TokenRecord } from '../storage/types.js';
import type { AccountInfo, ProviderConfig, TokenInfo } from '../types.js';

/**
 * Reading a stored session, and nothing that talks to a server: the rules that decide whether a
 * stored access token may be handed out (whose authority it was issued under, whether it is fresh
 * enough) and what of it leaves core. Core's full client uses these very functions; this module
 * imports neither oauth4webapi nor the config validator, so that `@latchkey/web`'s page mode can
 * answer its first `getToken` from storage before it loads sign-in, callback and refresh code.
 */

/** Seconds an access token must still be valid for when the caller names no `minValidity`. */
export const DEFAULT_MIN_VALIDITY = 30;

/**
 * The stored access token of `provider` when it can be handed out as it is, with no write and no
 * request: stored under exactly `provider`'s current {@link authorityOf authority} (never a token of
 * another definition of the same id, and never one that would first need adopting), carrying every
 * scope of `scopes`, and {@link isFresh fresh} for `minValidity` seconds. `undefined` in every other
 * case — no session, another authority, a missing scope, a token due for refresh — so that the
 * caller takes core's full path, which decides (refresh, adopt, drop, `login_required`).
 *
 * `provider` may be a config as the app wrote it, before validation: a config in another form than
 * its normalised one (an endpoint without its trailing `/`) has another authority than its stored
 * tokens and only misses this shortcut.
 * @see RFC 9700 §4.14, RFC 6749 §10.4
 */
export async function readCachedToken(
  storage: Pick<LatchkeyStorage, 'getTokens'>,
  provider: ProviderConfig,
  {
    scopes = [],
    minValidity = DEFAULT_MIN_VALIDITY,
  }: { scopes?: readonly string[] | undefined; minValidity?: number | undefined } = {},
): Promise<TokenInfo | undefined> {
  const record = await storage.getTokens(provider.id);
  return record &&
    record.authority === authorityOf(provider) &&
    scopes.every((s) => record.scopes.includes(s)) &&
    isFresh(record, minValidity)
    ? toTokenInfo(record)
    : undefined;
}

/**
 * The identity of the server and client a provider's tokens belong to, and of every setting that
 * decides what is sent with them or to whom: issuer, every endpoint (the refresh endpoint too),
 * client id, DPoP, the token response mapping, the extra token parameters, the token request format,
 * the allowed and resource origins and the header that carries the access token. Two configs with
 * the same `id` but another authority do not share tokens: a refresh, revocation or userinfo request
 * never reaches a server that did not issue them, turning DPoP on never keeps a bearer session, and
 * a token never goes to origins or in a form its session was not set up for.
 * @see RFC 9700 §4.14, RFC 6749 §10.4
 */
export function authorityOf(p: ProviderConfig): string {
  const sorted = (l: readonly unknown[] | undefined) => (l?.length ? [...l].sort() : null);
  const [header, value] = accessTokenHeader(p, '');
  return JSON.stringify([
    2,
    ...legacyFields(p),
    p.refreshEndpoint === p.tokenEndpoint ? null : p.refreshEndpoint,
    sorted(Object.entries(p.tokenResponse ?? {})),
    sorted(Object.entries(p.extraTokenParams ?? {})),
    p.tokenRequestFormat ?? 'form',
    sorted(p.allowedOrigins),
    sorted(p.resourceOrigins),
    header.toLowerCase(),
    value,
  ]);
}

/**
 * The authority as tokens stored before {@link authorityOf} covered more than the endpoints, client
 * id and DPoP carried it: a session stored under it is adopted by a config that matches it.
 */
export function legacyAuthorityOf(p: ProviderConfig): string {
  return JSON.stringify(legacyFields(p));
}

function legacyFields(p: ProviderConfig): unknown[] {
  return [
    ...[
      p.issuer,
      p.authorizationEndpoint,
      p.tokenEndpoint,
      p.revocationEndpoint,
      p.deviceAuthorizationEndpoint,
      p.userinfoEndpoint,
    ].map((v) => v ?? null),
    p.clientId,
    p.dpop === true,
  ];
}

/** What may leave the core: never the refresh token or the id_token. */
export function toTokenInfo(record: TokenRecord): TokenInfo {
  const info: TokenInfo = {
    provider: record.provider,
    accessToken: record.accessToken,
    tokenType: record.tokenType,
    scopes: [...record.scopes],
  };
  if (record.expiresAt !== undefined) info.expiresAt = record.expiresAt;
  const account = accountOf(record);
  if (account) info.account = account;
  return info;
}

/** Who the session belongs to, from its id_token claims; `undefined` for a session without one. */
export function accountOf(record: TokenRecord): AccountInfo | undefined {
  if (!record.account) return undefined;
  const c = record.claims ?? {};
  const account: AccountInfo = { sub: record.account };
  if (typeof c.name === 'string') account.name = c.name;
  if (typeof c.email === 'string') account.email = c.email;
  if (typeof c.preferred_username === 'string') account.preferredUsername = c.preferred_username;
  return account;
}

/**
 * Whether the access token is still valid for `minValiditySeconds`; no known expiry counts as
 * valid. The margin never exceeds half the token's lifetime (`expires_in`), so that a short-lived
 * token is used for half its life rather than refreshed on every call, and a large `minValidity` (a
 * day) asks for at most one refresh per token. Records stored before the lifetime was kept take it
 * as `expiresAt - updatedAt`.
 */
export function isFresh(
  record: Pick<TokenRecord, 'expiresAt' | 'lifetime'> & { updatedAt?: number },
  minValiditySeconds: number,
  now = Date.now(),
): boolean {
  const { expiresAt, updatedAt } = record;
  if (expiresAt === undefined) return true;
  const lifetime =
    record.lifetime ??
    (updatedAt !== undefined && expiresAt > updatedAt ? expiresAt - updatedAt : Infinity);
  // `> 0` also turns NaN into no margin.
  const margin = Math.min(minValiditySeconds > 0 ? minValiditySeconds * 1000 : 0, lifetime / 2);
  return expiresAt - margin > now;
}
