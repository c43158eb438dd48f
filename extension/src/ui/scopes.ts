/**
 * What the standard OpenID Connect scopes let a site have, in plain words.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims (§5.4) and §11 (offline_access)
 */
export const SCOPE_PHRASES: Readonly<Record<string, string>> = {
  openid: 'confirm who you are',
  profile: 'your name and profile picture',
  email: 'your email address',
  offline_access: 'stay signed in',
};

export interface ScopeView {
  /** The scope exactly as asked, for display (quoted when it is not a valid scope token). */
  raw: string;
  /** A plain phrase for a standard scope; undefined for any other (the provider's own). */
  phrase?: string;
  /** Not a scope token by RFC 6749 §3.3 (spaces, quotes, backslashes, control or non-ASCII characters). */
  malformed: boolean;
}

/** `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )` @see RFC 6749 §3.3 */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * A scope a site asked for, as the consent window shows it: the raw value always, beside a phrase
 * for a standard scope. A value outside the scope grammar is shown JSON-quoted, so that invisible or
 * look-alike characters (a zero-width space, a right-to-left override) are visible as escapes.
 */
export function describeScope(scope: string): ScopeView {
  const malformed = !SCOPE_TOKEN.test(scope);
  const raw = malformed ? JSON.stringify(scope).replace(/[^\x20-\x7e]/g, escapeChar) : scope;
  const phrase = Object.hasOwn(SCOPE_PHRASES, scope) ? SCOPE_PHRASES[scope] : undefined;
  return phrase === undefined ? { raw, malformed } : { raw, phrase, malformed };
}

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
