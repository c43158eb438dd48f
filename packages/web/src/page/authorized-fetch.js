import { isInvalidTokenChallenge } from './www-authenticate.js';
/**
 * Sends `request` with `Authorization: Bearer`, and on a 401 `invalid_token` challenge refreshes and
 * sends it once more (never more: a second refusal is the caller's to see). The caller has checked the
 * request's origin.
 * @see RFC 6750 §2.1 and §3.1
 */
export async function authorizedFetch(request, tokens) {
    const retry = request.clone();
    const sendWith = tokens.send ?? send;
    const token = await tokens.token();
    const response = await sendWith(request, token);
    if (!isInvalidTokenChallenge(response, tokens.scheme))
        return response;
    const fresh = await tokens.refresh(token);
    await response.body?.cancel();
    return sendWith(retry, fresh);
}
function send(request, token) {
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetch(new Request(request, { headers }));
}
