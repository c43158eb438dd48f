import type { ProviderConfig } from '@latchkey/core';

/**
 * Whether `href` is an authorization response for one of `redirectUris`: same origin and path, and a
 * `state` with a `code` or an `error` in the query.
 * @see RFC 6749 §4.1.2 and §4.1.2.1
 */
export function isCallbackUrl(href: string, redirectUris: readonly string[]): boolean {
  const url = new URL(href);
  const params = url.searchParams;
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return false;
  return atRedirectUri(url, redirectUris);
}

/**
 * Whether `href` is the provider's return from an end-session request to one of `redirectUris`
 * (registered as `post_logout_redirect_uri`): same origin and path, a `state`, and no authorization
 * response parameters.
 * @see OpenID Connect RP-Initiated Logout 1.0 §3 (the redirect after logout, with `state`)
 */
export function isEndSessionReturn(href: string, redirectUris: readonly string[]): boolean {
  const url = new URL(href);
  const params = url.searchParams;
  if (!params.has('state') || params.has('code') || params.has('error')) return false;
  return atRedirectUri(url, redirectUris);
}

function atRedirectUri(url: URL, redirectUris: readonly string[]): boolean {
  return redirectUris.some((uri) => {
    const redirect = new URL(uri);
    return redirect.origin === url.origin && redirect.pathname === url.pathname;
  });
}

/** Where page mode's authorization responses for `config` arrive: the app's `redirectUri` option, else the provider's, else this page's origin + `/`. */
export function redirectUriOf(
  config: Pick<ProviderConfig, 'redirectUri'>,
  redirectUri: string | undefined,
): string {
  return redirectUri ?? config.redirectUri ?? `${location.origin}/`;
}
