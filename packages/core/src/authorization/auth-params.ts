import { LatchkeyError } from '../errors.js';

/** The most `resource` values one call may ask for. */
export const MAX_RESOURCES = 10;
const MAX_URI_LENGTH = 2048;
const MAX_HINT_LENGTH = 1024;
/** `max_age` above ten years is no limit at all; refused as a mistake. */
const MAX_MAX_AGE = 10 * 365 * 24 * 60 * 60;
// No control characters, no whitespace at either end (they would change the request's meaning).
const CONTROL = /[\u0000-\u001f\u007f]/;
// An acr value or a BCP 47 language tag: no spaces (the parameter is space-separated).
const ACR_VALUE = /^[\x21-\x7e]{1,256}$/;
const LANGUAGE_TAG = /^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$/;

const bad = (name: string, rule: string) =>
  new LatchkeyError('invalid_request', `Option ${name} ${rule}`);

/**
 * RFC 8707 `resource` values, sorted and without duplicates: each an absolute URI without a
 * fragment (§2), at most {@link MAX_RESOURCES}. `undefined` stays undefined; an empty list too.
 * @see RFC 8707 §2
 */
export function normalizeResources(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > MAX_RESOURCES)
    throw bad('resource', `must be a URI or a list of at most ${MAX_RESOURCES} URIs`);
  const out = new Set<string>();
  for (const r of list as unknown[]) {
    if (typeof r !== 'string' || r.length === 0 || r.length > MAX_URI_LENGTH || CONTROL.test(r))
      throw bad('resource', `values must be URIs of at most ${MAX_URI_LENGTH} characters`);
    const url = URL.parse(r);
    // §2: "MUST be an absolute URI … MUST NOT include a fragment component".
    if (!url || r.includes('#') || /\s/.test(r))
      throw bad('resource', `${JSON.stringify(r)} is not an absolute URI without a fragment`);
    out.add(r);
  }
  return out.size ? [...out].sort() : undefined;
}

/** The key a set of resources is cached under (normalised: sorted, space-separated). */
export function resourceKey(resources: readonly string[]): string {
  return resources.join(' ');
}

/** `max_age` in seconds: a non-negative integer. @see OIDC Core §3.1.2.1 */
export function normalizeMaxAge(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MAX_AGE)
    throw bad('maxAge', `must be a whole number of seconds from 0 to ${MAX_MAX_AGE}`);
  return value;
}

/** A space-separated parameter given as a string or a list (`acr_values`, `ui_locales`). */
function spaceList(name: string, value: unknown, item: RegExp): string[] | undefined {
  if (value === undefined) return undefined;
  const list =
    typeof value === 'string' ? value.split(' ').filter(Boolean) : Array.isArray(value) ? value : 0;
  if (!list || list.length > 20)
    throw bad(name, 'must be a space-separated string or a list of at most 20 values');
  for (const v of list as unknown[])
    if (typeof v !== 'string' || !item.test(v))
      throw bad(name, `has a value that is not allowed: ${JSON.stringify(v)?.slice(0, 80)}`);
  return list.length ? [...new Set(list as string[])] : undefined;
}

/** `acr_values` (OIDC Core §3.1.2.1): Authentication Context Class References, in order of preference. */
export function normalizeAcrValues(value: unknown): string[] | undefined {
  return spaceList('acrValues', value, ACR_VALUE);
}

/** `ui_locales` (OIDC Core §3.1.2.1): BCP 47 language tags, in order of preference. */
export function normalizeUiLocales(value: unknown): string[] | undefined {
  return spaceList('uiLocales', value, LANGUAGE_TAG);
}

/** A free-text hint (`login_hint`, `audience`): a string without control characters ('' is none). */
export function normalizeHint(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_HINT_LENGTH ||
    CONTROL.test(value)
  )
    throw bad(name, `must be a non-empty string of at most ${MAX_HINT_LENGTH} characters`);
  return value;
}

/** The authorization parameters of one sign-in, checked, as they go on the wire. */
export interface AuthorizationParams {
  resources?: string[];
  maxAge?: number;
  /** `[name, value]` pairs: `audience`, `acr_values`, `ui_locales`, `login_hint`, `max_age`, `resource`. */
  pairs: [string, string][];
}

/**
 * Checks the per-call authorization parameters of {@link BeginAuthorizationOptions} (they come from
 * the app, and through the extension from pages: untrusted) and turns them into request parameters.
 * A bad one is refused with `invalid_request` before anything is stored or sent.
 * @see RFC 8707 §2.1 (resource), OIDC Core §3.1.2.1 (max_age, ui_locales, login_hint, acr_values)
 */
export function authorizationParams(options: {
  audience?: unknown;
  resource?: unknown;
  acrValues?: unknown;
  maxAge?: unknown;
  uiLocales?: unknown;
  loginHint?: unknown;
}): AuthorizationParams {
  const pairs: [string, string][] = [];
  const audience = normalizeHint('audience', options.audience);
  if (audience !== undefined) pairs.push(['audience', audience]);
  const resources = normalizeResources(options.resource);
  for (const r of resources ?? []) pairs.push(['resource', r]);
  const acr = normalizeAcrValues(options.acrValues);
  if (acr) pairs.push(['acr_values', acr.join(' ')]);
  const maxAge = normalizeMaxAge(options.maxAge);
  if (maxAge !== undefined) pairs.push(['max_age', String(maxAge)]);
  const locales = normalizeUiLocales(options.uiLocales);
  if (locales) pairs.push(['ui_locales', locales.join(' ')]);
  const loginHint = normalizeHint('loginHint', options.loginHint);
  if (loginHint !== undefined) pairs.push(['login_hint', loginHint]);
  return {
    pairs,
    ...(resources && { resources }),
    ...(maxAge !== undefined && { maxAge }),
  };
}
