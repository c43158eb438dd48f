import * as oauth from 'oauth4webapi';

import { DEFAULT_MAX_TOKEN_LENGTH } from '../config/validate-provider-config.js';
import { LatchkeyError } from '../errors.js';
import type { TokenRecord } from '../storage/types.js';
import { accessTokenHeader } from '../resource/token-header.js';
import type { AccountInfo, AccountSummary, ProviderConfig, TokenInfo } from '../types.js';

/**
 * The largest refresh token or id_token accepted, in characters: a constant, larger than any
 * `maxTokenLength` default, which limits access tokens only (they travel to sites and APIs; these
 * stay with Latchkey).
 */
export const MAX_REFRESH_OR_ID_TOKEN_LENGTH = 65_536;

/** The longest `expires_in` taken as it is (one year); a larger one is clamped to it. */
export const MAX_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

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

/**
 * Builds the stored token set from a checked token response. A refresh response that omits the
 * refresh token, id_token or scope keeps the previous ones (RFC 6749 §6, §5.1). Refused
 * (`invalid_response`) before anything is stored: an access token over the provider's
 * `maxTokenLength`, a refresh token or id_token over {@link MAX_REFRESH_OR_ID_TOKEN_LENGTH}, an access
 * token equal to the refresh token or the id_token, and an id_token of another `sub` or `iss` than
 * the session's (OIDC Core §12.2). `expires_in` is clamped to {@link MAX_LIFETIME_SECONDS}.
 * @see RFC 6749 §5.1
 */
export function toTokenRecord(
  provider: ProviderConfig,
  response: oauth.TokenEndpointResponse,
  requestedScopes: string[],
  previous?: TokenRecord,
): TokenRecord {
  const refuse = (message: string) => {
    throw new LatchkeyError('invalid_response', `${message} (${provider.id})`);
  };
  for (const field of ['access_token', 'refresh_token', 'id_token'] as const) {
    const value = response[field];
    const max =
      field === 'access_token'
        ? (provider.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH)
        : MAX_REFRESH_OR_ID_TOKEN_LENGTH;
    if (typeof value === 'string' && value.length > max)
      refuse(`The ${field} is ${value.length} characters long, over the limit of ${max}`);
    if (field !== 'access_token' && value === response.access_token)
      refuse(`The access token is the same string as the ${field}`);
  }
  const claims = oauth.getValidatedIdTokenClaims(response) as Record<string, unknown> | undefined;
  const before = previous?.claims;
  // OIDC Core §12.2: a refreshed id_token names the same subject at the same issuer, or the tokens
  // are someone else's.
  if (
    claims &&
    previous &&
    ((previous.account && claims.sub !== previous.account) ||
      (before?.iss !== undefined && claims.iss !== before.iss))
  )
    refuse('The refreshed id_token names another subject or issuer than the session');
  const now = Date.now();
  const refreshToken = response.refresh_token ?? previous?.refreshToken;
  const idToken = response.id_token ?? previous?.idToken;
  const keptClaims = claims ?? before;
  const expiresIn = response.expires_in;
  // NaN never gets here (oauth4webapi requires a finite number); a huge one would make no date.
  const lifetime =
    typeof expiresIn === 'number' && expiresIn >= 0
      ? Math.min(expiresIn, MAX_LIFETIME_SECONDS) * 1000
      : undefined;
  return {
    provider: provider.id,
    account: typeof keptClaims?.sub === 'string' ? keptClaims.sub : (previous?.account ?? ''),
    accessToken: response.access_token,
    // oauth4webapi lower-cases token_type (RFC 6749 §7.1: case-insensitive); keep the usual spelling.
    tokenType:
      response.token_type === 'bearer'
        ? 'Bearer'
        : response.token_type === 'dpop'
          ? 'DPoP'
          : response.token_type,
    scopes:
      typeof response.scope === 'string'
        ? response.scope.split(' ').filter(Boolean)
        : (previous?.scopes ?? requestedScopes),
    updatedAt: now,
    authority: authorityOf(provider),
    ...(lifetime !== undefined && { expiresAt: now + lifetime, lifetime }),
    ...(refreshToken !== undefined && { refreshToken }),
    ...(idToken !== undefined && { idToken }),
    ...(keptClaims !== undefined && { claims: keptClaims }),
    ...(previous?.dpopKey !== undefined && { dpopKey: previous.dpopKey }),
  };
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

/** What `listAccounts` says of a session: never a token. */
export function accountSummary(record: TokenRecord, current: boolean): AccountSummary {
  const { sub: _, ...who } = accountOf(record) ?? { sub: '' };
  return {
    provider: record.provider,
    account: record.account,
    ...who,
    current,
    scopes: [...record.scopes],
    ...(record.expiresAt !== undefined && { expiresAt: record.expiresAt }),
  };
}

function accountOf(record: TokenRecord): AccountInfo | undefined {
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
