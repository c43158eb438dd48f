import { isLoopbackHost } from './origin.js';
/**
 * Whether `url` points at this machine: 127.0.0.0/8, [::1] or localhost. Only such endpoints may use
 * plain http.
 * @see RFC 8252 §8.3 (loopback), RFC 9700 §2.6 (TLS for every other endpoint)
 */
export function isLoopbackUrl(url) {
    return isLoopbackHost(url.hostname);
}
/** Whether `value` is an https URL, or an http URL on loopback. */
export function isSecureOrLoopback(url) {
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}
