/**
 * The one origin rule of Latchkey, shared by provider validation (`allowedOrigins`,
 * `resourceOrigins`), the extension build (`externally_connectable`) and the broker: an origin is
 * `https:`, or `http:` on loopback only, written exactly as its serialisation
 * `scheme://host[:port]` (a trailing `/` is tolerated), and compared exactly, never by prefix.
 * @see RFC 6454 §5 (comparing origins), §6.1 (serialisation), RFC 8252 §8.3 (loopback)
 */
/** Whether `hostname` (as `URL.hostname` gives it) is loopback: `127.0.0.0/8`, `[::1]`, `localhost`. */
export function isLoopbackHost(hostname) {
    return (hostname === 'localhost' ||
        hostname === '[::1]' ||
        /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(hostname));
}
/**
 * The serialised origin of `url`, or `undefined` when it has none a page could hold a grant for:
 * only `https:` and loopback `http:` origins qualify (`null`, `file:`, `data:`, … never do).
 * @see RFC 6454 §6.1
 */
export function webOrigin(url) {
    if (typeof url !== 'string' || url.length > 8192)
        return undefined;
    const parsed = URL.parse(url);
    if (!parsed)
        return undefined;
    if (parsed.protocol === 'https:')
        return parsed.origin;
    if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
        return parsed.origin;
    return undefined;
}
/**
 * Parses an origin given in configuration (`allowedOrigins`, `resourceOrigins`): it must be a bare
 * `https:` (or loopback `http:`) origin, with no path, query, fragment or user info, written in its
 * normal form (lower-case host, no default port). Returns the origin or `undefined`.
 */
export function parseOrigin(value) {
    if (typeof value !== 'string')
        return undefined;
    const origin = webOrigin(value);
    if (!origin)
        return undefined;
    // `https://a.example/` is accepted as the origin; anything after the host is not.
    return value === origin || value === `${origin}/` ? origin : undefined;
}
/** Whether `url`'s origin is exactly one of `origins` (already normalised with {@link parseOrigin}). */
export function originAllowed(url, origins) {
    const origin = webOrigin(url);
    return origin !== undefined && origins.includes(origin);
}
/**
 * The Chrome match pattern covering an origin, for `externally_connectable` and host permissions.
 * Match patterns carry no port, so the pattern is wider than the origin; the broker still compares
 * exact origins.
 * @see https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns
 */
export function originMatchPattern(origin) {
    const { protocol, hostname } = new URL(origin);
    return `${protocol}//${hostname}/*`;
}
