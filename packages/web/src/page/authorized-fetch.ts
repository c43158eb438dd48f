import { isInvalidTokenChallenge } from './www-authenticate.js';

export interface TokenSource {
  /** The current access token. */
  token(): Promise<string>;
  /** A new access token after the server refused `stale`. */
  refresh(stale: string): Promise<string>;
}

/**
 * Sends `request` with `Authorization: Bearer`, and on a 401 `invalid_token` challenge refreshes and
 * sends it once more (never more: a second refusal is the caller's to see). The caller has checked the
 * request's origin.
 * @see RFC 6750 §2.1 and §3.1
 */
export async function authorizedFetch(request: Request, tokens: TokenSource): Promise<Response> {
  const retry = request.clone();
  const token = await tokens.token();
  const response = await send(request, token);
  if (!isInvalidTokenChallenge(response)) return response;
  const fresh = await tokens.refresh(token);
  await response.body?.cancel();
  return send(retry, fresh);
}

function send(request: Request, token: string): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return fetch(new Request(request, { headers }));
}
