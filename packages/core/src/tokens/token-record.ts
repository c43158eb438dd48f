import * as oauth from 'oauth4webapi';

import { DEFAULT_MAX_TOKEN_LENGTH } from '../config/validate-provider-config.js';
import { LatchkeyError } from '../errors.js';
import type { TokenRecord } from '../storage/types.js';
import type { AccountSummary, ProviderConfig } from '../types.js';
import { accountOf, authorityOf } from './read-cached.js';

// What a stored session is read with lives in read-cached.ts, apart from the oauth4webapi and
// validation code here, so that page mode's first read of a stored token can load without them.
export { authorityOf, isFresh, legacyAuthorityOf, toTokenInfo } from './read-cached.js';

/**
 * The largest refresh token or id_token accepted, in characters: a constant, larger than any
 * `maxTokenLength` default, which limits access tokens only (they travel to sites and APIs; these
 * stay with Latchkey).
 */
export const MAX_REFRESH_OR_ID_TOKEN_LENGTH = 65_536;

/** The longest `expires_in` taken as it is (one year); a larger one is clamped to it. */
export const MAX_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

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
