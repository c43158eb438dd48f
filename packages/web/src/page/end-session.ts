/** Where a redirect sign-out keeps its `state` until the provider sends the page back. */
const PENDING_KEY = 'latchkey:end-session';

interface PendingEndSession {
  state: string;
  provider: string;
  returnTo?: string;
}

/**
 * Whether `href` is the provider's return from an end-session request to one of `redirectUris`
 * (registered as `post_logout_redirect_uri`): same origin and path, a `state`, and no authorization
 * response parameters.
 * @see OpenID Connect RP-Initiated Logout 1.0 §3
 */
export function isEndSessionReturn(href: string, redirectUris: readonly string[]): boolean {
  const url = new URL(href);
  const params = url.searchParams;
  if (!params.has('state') || params.has('code') || params.has('error')) return false;
  return redirectUris.some((uri) => {
    const redirect = new URL(uri);
    return redirect.origin === url.origin && redirect.pathname === url.pathname;
  });
}

export function savePendingEndSession(pending: PendingEndSession): void {
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
}

/**
 * The redirect sign-out this tab started, when `state` is its state (then taken out: it is used once).
 */
export function takePendingEndSession(state: string | null): PendingEndSession | undefined {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(PENDING_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  try {
    const data = JSON.parse(raw) as Partial<PendingEndSession>;
    if (typeof data.state !== 'string' || data.state !== state || typeof data.provider !== 'string')
      return undefined;
    sessionStorage.removeItem(PENDING_KEY);
    return typeof data.returnTo === 'string'
      ? { state: data.state, provider: data.provider, returnTo: data.returnTo }
      : { state: data.state, provider: data.provider };
  } catch {
    return undefined;
  }
}
