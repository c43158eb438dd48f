import { LatchkeyError } from '@latchkey/core';
import { isInvalidTokenChallenge } from './www-authenticate.js';

export interface TokenSource {
  /** The current access token. */
  token(): Promise<string>;
  /** A new access token after the server refused `stale`. */
  refresh(stale: string): Promise<string>;
  /** The header that carries `token` (default `Authorization: Bearer <token>`). */
  header?(token: string): [name: string, value: string];
  /**
   * Sends a request with a token that needs more than a header (DPoP: core signs a proof);
   * default: `fetch` with {@link TokenSource.header}, redirects not followed.
   */
  send?(request: Request, token: string): Promise<Response>;
  /** The `WWW-Authenticate` scheme that refuses the token: `bearer` (default) or `dpop`. */
  scheme?: string;
}

/**
 * Sends `request` with the access token, and on a 401 `invalid_token` challenge refreshes and sends
 * it once more (never more: a second refusal is the caller's to see). The caller has checked the
 * request's origin. A redirect is never followed with the token attached (`redirect: 'manual'`): the
 * browser hides where it leads, so it cannot be checked against `resourceOrigins`; it is refused
 * with `network_error`, as the extension's broker refuses it.
 * @see RFC 6750 §2.1 and §3.1, RFC 6750 §5.3 (tokens only to their resource servers)
 */
export async function authorizedFetch(request: Request, tokens: TokenSource): Promise<Response> {
  const retry = request.clone();
  const sendWith = tokens.send ?? ((req: Request, token: string) => send(req, token, tokens));
  const token = await tokens.token();
  const response = refuseRedirect(await sendWith(request, token));
  if (!(await isInvalidTokenChallenge(response, tokens.scheme))) return response;
  const fresh = await tokens.refresh(token);
  await response.body?.cancel();
  return refuseRedirect(await sendWith(retry, fresh));
}

function send(request: Request, token: string, tokens: TokenSource): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(...(tokens.header?.(token) ?? ['Authorization', `Bearer ${token}`]));
  return fetch(new Request(request, { headers, redirect: 'manual' }));
}

/** `response`, unless it is a redirect (opaque in a browser, a 3xx with `Location` elsewhere). */
function refuseRedirect(response: Response): Response {
  if (
    response.type === 'opaqueredirect' ||
    (response.status > 299 && response.status < 400 && response.headers.has('Location'))
  ) {
    void response.body?.cancel();
    throw new LatchkeyError(
      'network_error',
      'A redirect is not followed with the token',
      response.status ? { status: response.status } : {},
    );
  }
  return response;
}

/**
 * What went wrong sending a request, as a {@link LatchkeyError}: Latchkey's own errors as they are,
 * the caller's abort as `aborted`, a timeout as `timeout`, anything else (`fetch`'s `TypeError`:
 * offline, DNS, CORS, TLS) as `network_error` — retryable, as in extension mode.
 */
export function toFetchError(cause: unknown, url: string): LatchkeyError {
  if (cause instanceof LatchkeyError) return cause;
  const name = (cause as Error | null)?.name;
  return new LatchkeyError(
    name === 'AbortError' ? 'aborted' : name === 'TimeoutError' ? 'timeout' : 'network_error',
    `fetch ${url} failed`,
    { cause, retryable: name !== 'AbortError' },
  );
}
