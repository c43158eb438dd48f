/**
 * Origin helpers for the broker. An origin is compared as the exact serialisation
 * `scheme://host[:port]` (RFC 6454 §6.1), never by prefix.
 * @see RFC 6454 §5 (comparing origins)
 */
/** Whether `host` is a loopback host (`127.0.0.0/8`, `[::1]`, `localhost`). */
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
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol === 'https:')
        return parsed.origin;
    if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))
        return parsed.origin;
    return undefined;
}
/**
 * Parses an origin given in configuration (`allowedOrigins`, `resourceOrigins`): it must be a bare
 * origin, with no path, query or fragment. Returns the normalised origin or `undefined`.
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
