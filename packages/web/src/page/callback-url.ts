// What tells a callback URL from any other, apart so that page mode's thin entry can check it alone.
export { isCallbackUrl, redirectUriOf } from './callback-match.js';

/** Parameters an authorization response adds to the redirect URI, removed from history afterwards. */
const RESPONSE_PARAMS = [
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'error_uri',
  'session_state',
];

/** `href` without the authorization response parameters, for `history.replaceState`. */
export function cleanCallbackUrl(href: string): string {
  const url = new URL(href);
  for (const name of RESPONSE_PARAMS) url.searchParams.delete(name);
  return url.pathname + url.search + url.hash;
}

/**
 * `returnTo` as a path on `origin`, or `undefined` when it would leave it (`//evil.example`,
 * `https://evil.example`, `javascript:`, a path that normalises to `//evil.example`) or is no URL at
 * all (`/.//`, whose path `//` names no host): an unsafe `returnTo` is ignored, never thrown.
 * The path returned resolves to the same URL from any page of `origin`.
 * @see RFC 3986 §4.2 (network-path references), §5.2 (resolution)
 */
export function sameOriginPath(returnTo: string | undefined, origin: string): string | undefined {
  if (typeof returnTo !== 'string' || returnTo.length > 2048) return undefined;
  try {
    const url = new URL(returnTo, origin);
    if (url.origin !== origin) return undefined;
    const path = url.pathname + url.search + url.hash;
    // A path can still leave: `/.//evil.example` resolves to the path `//evil.example`, which a later
    // `location.assign(path)` reads as a network-path reference to another host.
    return path.startsWith('/') && !path.startsWith('//') && new URL(path, url).href === url.href
      ? path
      : undefined;
  } catch {
    return undefined;
  }
}
