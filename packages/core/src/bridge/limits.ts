/** Largest request a page may send, measured as the length of its JSON text (characters). */
export const MAX_REQUEST_CHARS = 256 * 1024;
/** Largest `fetch` body a page may send through the broker (characters, as carried). */
export const MAX_FETCH_BODY_CHARS = 200 * 1024;
/** Largest binary `fetch` body a page may send (bytes): {@link MAX_FETCH_BODY_CHARS} of base64. */
export const MAX_FETCH_BODY_BYTES = (MAX_FETCH_BODY_CHARS / 4) * 3;
/** Longest id, provider id, scope, header name, method. */
export const MAX_ID_CHARS = 128;
export const MAX_SCOPE_CHARS = 256;
export const MAX_SCOPES = 64;
export const MAX_URL_CHARS = 8 * 1024;
export const MAX_HEADERS = 64;
export const MAX_HEADER_VALUE_CHARS = 8 * 1024;
/** `minValidity` is in seconds and at most a day. */
export const MAX_MIN_VALIDITY = 86_400;
