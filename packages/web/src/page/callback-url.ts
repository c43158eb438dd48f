import type { ProviderConfig } from '@latchkey/core';

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

/**
 * Whether `href` is an authorization response for one of `redirectUris`: same origin and path, and a
 * `state` with a `code` or an `error` in the query.
 * @see RFC 6749 §4.1.2 and §4.1.2.1
 */
export function isCallbackUrl(href: string, redirectUris: readonly string[]): boolean {
  const url = new URL(href);
  const params = url.searchParams;
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return false;
  return redirectUris.some((uri) => {
    const redirect = new URL(uri);
    return redirect.origin === url.origin && redirect.pathname === url.pathname;
  });
}

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

/** Where page mode's authorization responses for `config` arrive: the app's `redirectUri` option, else the provider's, else this page's origin + `/`. */
export function redirectUriOf(
  config: Pick<ProviderConfig, 'redirectUri'>,
  redirectUri: string | undefined,
): string {
  return redirectUri ?? config.redirectUri ?? `${location.origin}/`;
}
