const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAM = new RegExp(`^\\s*(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))\\s*$`);
const SCHEME = new RegExp(`^\\s*(${TOKEN})(?:\\s+(.*))?$`, 's');
/**
 * The `error` parameter of the `want` challenge (Bearer by default; `dpop` for DPoP-bound tokens)
 * in a `WWW-Authenticate` header, if any. The header may hold several challenges
 * (`Basic realm="a", Bearer error="invalid_token"`).
 * @see RFC 9110 §11.6.1, RFC 6750 §3, RFC 9449 §7.1
 */
export function bearerChallengeError(header, want = 'bearer') {
    let scheme = '';
    // Split on commas outside quoted strings.
    for (const part of header.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
        let param = PARAM.exec(part);
        if (!param) {
            const start = SCHEME.exec(part);
            if (!start)
                continue;
            scheme = start[1].toLowerCase();
            param = start[2] ? PARAM.exec(start[2]) : null;
        }
        if (scheme === want && param && param[1].toLowerCase() === 'error')
            return param[2] ?? param[3];
    }
    return undefined;
}
/**
 * Whether `response` says the access token itself was refused: a 401 whose Bearer (or, for a
 * DPoP-bound token, DPoP) challenge carries `error="invalid_token"` (expired, revoked). Other 401s
 * are not retried.
 * @see RFC 6750 §3.1, RFC 9449 §7.1
 */
export function isInvalidTokenChallenge(response, scheme = 'bearer') {
    if (response.status !== 401)
        return false;
    const header = response.headers.get('WWW-Authenticate');
    return header !== null && bearerChallengeError(header, scheme) === 'invalid_token';
}
