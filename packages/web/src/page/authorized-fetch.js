import { LatchkeyError } from '@latchkey/core';
import { isInvalidTokenChallenge } from './www-authenticate.js';
/**
 * Sends `request` with the access token, and on a 401 `invalid_token` challenge refreshes and sends
 * it once more (never more: a second refusal is the caller's to see). The caller has checked the
 * request's origin. A redirect is never followed with the token attached (`redirect: 'manual'`): the
 * browser hides where it leads, so it cannot be checked against `resourceOrigins`; it is refused
 * with `network_error`, as the extension's broker refuses it.
 * @see RFC 6750 §2.1 and §3.1, RFC 6750 §5.3 (tokens only to their resource servers)
 */
export async function authorizedFetch(request, tokens) {
    const retry = request.clone();
    const sendWith = tokens.send ?? ((req, token) => send(req, token, tokens));
    const token = await tokens.token();
    const response = refuseRedirect(await sendWith(request, token));
    if (!(await isInvalidTokenChallenge(response, tokens.scheme)))
        return response;
    const fresh = await tokens.refresh(token);
    await response.body?.cancel();
    return refuseRedirect(await sendWith(retry, fresh));
}
function send(request, token, tokens) {
    const headers = new Headers(request.headers);
    headers.set(...(tokens.header?.(token) ?? ['Authorization', `Bearer ${token}`]));
    return fetch(new Request(request, { headers, redirect: 'manual' }));
}
/** `response`, unless it is a redirect (opaque in a browser, a 3xx with `Location` elsewhere). */
function refuseRedirect(response) {
    if (response.type === 'opaqueredirect' ||
        (response.status > 299 && response.status < 400 && response.headers.has('Location'))) {
        void response.body?.cancel();
        throw new LatchkeyError('network_error', 'A redirect is not followed with the token', response.status ? { status: response.status } : {});
    }
    return response;
}
/**
 * What went wrong sending a request, as a {@link LatchkeyError}: Latchkey's own errors as they are,
 * the caller's abort as `aborted`, a timeout as `timeout`, anything else (`fetch`'s `TypeError`:
 * offline, DNS, CORS, TLS) as `network_error` — retryable, as in extension mode.
 */
export function toFetchError(cause, url) {
    if (cause instanceof LatchkeyError)
        return cause;
    const name = cause?.name;
    return new LatchkeyError(name === 'AbortError' ? 'aborted' : name === 'TimeoutError' ? 'timeout' : 'network_error', `fetch ${url} failed`, { cause, retryable: name !== 'AbortError' });
}
