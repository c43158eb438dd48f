import type { AccountInfo, GrantRecord, ProviderConfig } from '@latchkey/core';
import { LatchkeyError, originAllowed, parseOrigin } from '@latchkey/core';
import type { ProviderSource } from '../../common/internal-protocol.js';

/** What the broker may do for an origin and a provider. */
export type GrantCheck =
  | { kind: 'allowed'; by: GrantRecord['by'] }
  | { kind: 'denied' }
  | { kind: 'consent_required'; scopes: string[] };

/** A provider as the grant rules see it: its config and where the config came from. */
export interface RuledProvider {
  config: ProviderConfig;
  source: ProviderSource;
}

/**
 * The scopes a call asks for: its own, else the provider's configured ones. A page may ask only for
 * scopes the provider is configured with (the person configured what a site may ask), and not for
 * none: `scopes: []` is refused.
 * @see RFC 6749 §3.3
 */
export function requestedScopes(provider: ProviderConfig, scopes?: readonly string[]): string[] {
  if (scopes === undefined) return [...new Set(provider.scopes ?? [])];
  if (scopes.length === 0) {
    throw new LatchkeyError('invalid_scope', 'scopes must name at least one scope');
  }
  const configured = provider.scopes ?? [];
  const unknown = scopes.filter((s) => !configured.includes(s));
  if (unknown.length) {
    throw new LatchkeyError(
      'invalid_scope',
      `${provider.id} is not configured for scope ${unknown.join(' ')}`,
    );
  }
  return [...new Set(scopes)];
}

/**
 * Whether `origin` is pre-granted: one of the provider's `allowedOrigins`, and the config is a
 * build-time preset or enterprise policy. `allowedOrigins` from an imported file or the options page
 * pre-grant nothing (a file must not grant a site silently): those sites ask the person.
 */
export function isPreGranted(provider: RuledProvider, origin: string): boolean {
  if (provider.source !== 'preset' && provider.source !== 'policy') return false;
  return (provider.config.allowedOrigins ?? []).some((o) => parseOrigin(o) === origin);
}

/**
 * The grant rules. A stored decision comes first (a user's denial overrides a preset); then a
 * pre-grant ({@link isPreGranted}); otherwise consent is needed. An allowed grant covers the scopes
 * the user saw; asking for more needs consent again, for the union.
 */
export function checkGrant(
  grant: GrantRecord | undefined,
  provider: RuledProvider,
  origin: string,
  scopes: readonly string[],
): GrantCheck {
  const presetBy = provider.source === 'policy' ? 'policy' : 'preset';
  const { config } = provider;
  if (grant && grant.origin === origin && grant.provider === config.id) {
    if (grant.decision === 'denied') return { kind: 'denied' };
    const missing = scopes.filter((s) => !grant.scopes.includes(s));
    if (missing.length === 0) return { kind: 'allowed', by: grant.by };
    if (isPreGranted(provider, origin)) return { kind: 'allowed', by: presetBy };
    return { kind: 'consent_required', scopes: [...new Set([...grant.scopes, ...scopes])] };
  }
  if (isPreGranted(provider, origin)) return { kind: 'allowed', by: presetBy };
  return { kind: 'consent_required', scopes: [...new Set(scopes)] };
}

/** The grant stored after the user answered the consent window. */
export function grantFromAnswer(
  origin: string,
  provider: string,
  scopes: readonly string[],
  allow: boolean,
  at: number,
): GrantRecord {
  return {
    origin,
    provider,
    scopes: [...new Set(scopes)],
    decision: allow ? 'allowed' : 'denied',
    by: 'user',
    at,
  };
}

/**
 * The error a site gets when it may not use a provider: the same whether the person denied it or was
 * never asked, so that a site cannot tell a refusal from a first visit.
 */
export function noAccessError(origin: string, provider: string): LatchkeyError {
  return new LatchkeyError('consent_required', `${origin} may not use ${provider} yet: sign in`);
}

/**
 * The claims of the account a site may see, by the scopes it holds (OIDC Core §5.4): `sub` always;
 * `profile` → `name`, `preferredUsername`; `email` → `email`. `scopes` undefined: all (a pre-granted
 * site, which holds the session's scopes).
 * @see OpenID Connect Core 1.0 §5.4
 */
export function accountFor(
  account: AccountInfo,
  scopes: readonly string[] | undefined,
): AccountInfo {
  const out: AccountInfo = { sub: account.sub };
  const has = (s: string) => scopes === undefined || scopes.includes(s);
  if (has('profile')) {
    if (account.name !== undefined) out.name = account.name;
    if (account.preferredUsername !== undefined) out.preferredUsername = account.preferredUsername;
  }
  if (has('email') && account.email !== undefined) out.email = account.email;
  return out;
}

/** The userinfo claims each scope covers (OIDC Core §5.4); `sub` is always answered. */
const SCOPE_CLAIMS: Record<string, readonly string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/**
 * Userinfo claims filtered to those the site's scopes cover ({@link SCOPE_CLAIMS}): a site allowed
 * only `openid` gets `sub`. A server may answer more than the token's scopes ask for; the broker does
 * not pass that on. `scopes` undefined: unfiltered (a pre-granted site).
 * @see OpenID Connect Core 1.0 §5.4, §5.3.2
 */
export function userinfoFor(
  claims: Record<string, unknown>,
  scopes: readonly string[] | undefined,
): Record<string, unknown> {
  if (scopes === undefined) return claims;
  const allowed = new Set(['sub', ...scopes.flatMap((s) => SCOPE_CLAIMS[s] ?? [])]);
  return Object.fromEntries(Object.entries(claims).filter(([k]) => allowed.has(k)));
}

/**
 * The rule for per-call RFC 8707 `resource` and `audience`: a site may ask for a token only for an
 * API the broker would send that provider's token to, its `resourceOrigins` (the same rule as the
 * broker's `fetch`). Every `resource` must be an http(s) URI at one of them (RFC 8707 §2: the
 * resource is where the token will be used); `audience` too, or be the one the provider's config
 * itself asks for (`extraAuthParams.audience`). Anything else is `origin_not_allowed`, before any
 * request: a site cannot get a token meant for an API the person did not configure for it.
 * @see RFC 8707 §2, §3 (a token for one resource must not be usable at another)
 */
export function checkResources(
  provider: ProviderConfig,
  params: { resource?: readonly string[]; audience?: string },
): void {
  const origins = (provider.resourceOrigins ?? []).flatMap((o) => parseOrigin(o) ?? []);
  const allowed = (uri: string) => originAllowed(uri, origins);
  for (const r of params.resource ?? []) {
    if (!allowed(r)) {
      throw new LatchkeyError(
        'origin_not_allowed',
        `Resource ${r.slice(0, 200)} is not at a resource origin of ${provider.id}`,
      );
    }
  }
  const audience = params.audience;
  if (
    audience !== undefined &&
    audience !== provider.extraAuthParams?.audience &&
    !allowed(audience)
  ) {
    throw new LatchkeyError(
      'origin_not_allowed',
      `Audience ${audience.slice(0, 200)} is not at a resource origin of ${provider.id}`,
    );
  }
}
