import type { GrantRecord, ProviderConfig } from '@latchkey/core';
import { parseOrigin } from '@latchkey/core';

/** What the broker may do for an origin and a provider. */
export type GrantCheck =
  | { kind: 'allowed'; by: GrantRecord['by'] }
  | { kind: 'denied' }
  | { kind: 'consent_required'; scopes: string[] };

/** The scopes a call asks for: its own, else the provider's configured ones. */
export function requestedScopes(provider: ProviderConfig, scopes?: readonly string[]): string[] {
  return [...new Set(scopes ?? provider.scopes ?? [])];
}

/** Whether `origin` is one of the provider's pre-granted `allowedOrigins`. */
export function isPreGranted(provider: ProviderConfig, origin: string): boolean {
  return (provider.allowedOrigins ?? []).some((o) => parseOrigin(o) === origin);
}

/**
 * The grant rules. A stored decision comes first (a user's denial overrides a preset); then the
 * provider's `allowedOrigins`; otherwise consent is needed. An allowed grant covers the scopes the
 * user saw; asking for more needs consent again, for the union.
 */
export function checkGrant(
  grant: GrantRecord | undefined,
  provider: ProviderConfig,
  origin: string,
  scopes: readonly string[],
  presetBy: GrantRecord['by'] = 'preset',
): GrantCheck {
  if (grant && grant.origin === origin && grant.provider === provider.id) {
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
