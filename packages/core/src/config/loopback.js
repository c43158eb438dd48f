/**
 * Whether `url` points at this machine: 127.0.0.0/8, [::1] or localhost. Only such endpoints may use
 * plain http.
 * @see RFC 8252 §8.3 (loopback), RFC 9700 §2.6 (TLS for every other endpoint)
 */
export function isLoopbackUrl(url) {
    const host = url.hostname;
    return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
/** Whether `value` is an https URL, or an http URL on loopback. */
export function isSecureOrLoopback(url) {
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}
