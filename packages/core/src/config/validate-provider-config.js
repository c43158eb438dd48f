import { LatchkeyError } from '../errors.js';
import { isSecureOrLoopback } from './loopback.js';
/** Default largest token Latchkey accepts, in characters (some platforms allow 2,048; JWTs grow). */
export const DEFAULT_MAX_TOKEN_LENGTH = 16_384;
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const ENDPOINTS = [
    'authorizationEndpoint',
    'tokenEndpoint',
    'revocationEndpoint',
    'deviceAuthorizationEndpoint',
    'userinfoEndpoint',
];
const PATH_KEYS = [
    'accessToken',
    'tokenType',
    'expiresIn',
    'refreshToken',
    'scope',
    'idToken',
];
const KNOWN = new Set([
    'id',
    'name',
    'issuer',
    ...ENDPOINTS,
    'clientId',
    'scopes',
    'redirectUri',
    'extraAuthParams',
    'codeChallengeMethod',
    'tokenResponse',
    'extraTokenParams',
    'refreshEndpoint',
    'tokenRequestFormat',
    'idTokenSigningAlgs',
    'tokenHeader',
    'logoUri',
    'maxTokenLength',
    'allowedOrigins',
    'resourceOrigins',
    'dpop',
]);
function invalid(field, message) {
    return new LatchkeyError('config_invalid', `Provider config: ${field} ${message}`);
}
function url(field, value, { fragment = false } = {}) {
    if (typeof value !== 'string')
        throw invalid(field, 'must be a URL string');
    const parsed = URL.parse(value);
    if (!parsed)
        throw invalid(field, `is not a valid URL: ${JSON.stringify(value)}`);
    if (!isSecureOrLoopback(parsed)) {
        throw invalid(field, `must use https (plain http is allowed on loopback only): ${value}`);
    }
    if (!fragment && parsed.hash)
        throw invalid(field, 'must not contain a fragment');
    return parsed;
}
function origin(field, value) {
    if (typeof value !== 'string')
        throw invalid(field, 'must be an origin string');
    const parsed = URL.parse(value);
    if (!parsed || parsed.origin === 'null' || parsed.origin !== value.replace(/\/$/, '')) {
        throw invalid(field, `must be an origin like https://app.example.com: ${JSON.stringify(value)}`);
    }
    return parsed.origin;
}
function stringMap(field, value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw invalid(field, 'must be an object of strings');
    const out = {};
    for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string')
            throw invalid(`${field}.${k}`, 'must be a string');
        if (/secret|assertion|password/i.test(k)) {
            throw invalid(`${field}.${k}`, 'looks like a credential: a public client holds no secret');
        }
        out[k] = v;
    }
    return out;
}
function strings(field, value) {
    if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s.length === 0)) {
        throw invalid(field, 'must be an array of non-empty strings');
    }
    return [...value];
}
/**
 * Checks an untrusted provider configuration and returns it normalised. Every failure is a
 * `config_invalid` {@link LatchkeyError} that names the field.
 *
 * Latchkey is a public client: a `clientSecret` is refused, and so is the client credentials grant,
 * which needs one.
 * @see RFC 6749 §2.1 (client types), RFC 9700 §2.1.1 (PKCE for public clients), RFC 7636 §4.2
 */
export function validateProviderConfig(config) {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw new LatchkeyError('config_invalid', 'Provider config must be an object');
    }
    const c = config;
    for (const key of Object.keys(c)) {
        if (/^client_?secret/i.test(key)) {
            throw invalid(key, 'is not allowed: Latchkey is a public client (RFC 6749 §2.1) and cannot keep a secret in a browser; register the app as a public client using PKCE. The client credentials grant is refused for the same reason.');
        }
        if (/grant_?types?/i.test(key) && JSON.stringify(c[key]).includes('client_credentials')) {
            throw invalid(key, 'asks for the client credentials grant, which needs a client secret: a public client cannot use it');
        }
        if (!KNOWN.has(key))
            throw invalid(key, 'is not a known provider setting');
    }
    if (typeof c.id !== 'string' || !ID.test(c.id))
        throw invalid('id', 'must be 1-64 characters of A-Z a-z 0-9 . _ -');
    if (typeof c.clientId !== 'string' || c.clientId.length === 0)
        throw invalid('clientId', 'is required');
    const out = { id: c.id, clientId: c.clientId };
    if (c.name !== undefined) {
        if (typeof c.name !== 'string')
            throw invalid('name', 'must be a string');
        out.name = c.name;
    }
    if (c.issuer !== undefined) {
        // Kept as written: the metadata's `issuer` must equal it exactly (RFC 8414 §3.3).
        if (url('issuer', c.issuer).search)
            throw invalid('issuer', 'must not contain a query (RFC 8414 §2)');
        out.issuer = c.issuer;
    }
    for (const key of ENDPOINTS)
        if (c[key] !== undefined)
            out[key] = url(key, c[key]).href;
    if (out.issuer === undefined &&
        (out.authorizationEndpoint === undefined || out.tokenEndpoint === undefined)) {
        throw invalid('issuer', 'is required unless both authorizationEndpoint and tokenEndpoint are given');
    }
    if (c.scopes !== undefined)
        out.scopes = strings('scopes', c.scopes);
    if (c.redirectUri !== undefined) {
        const r = URL.parse(String(c.redirectUri));
        if (typeof c.redirectUri !== 'string' || !r)
            throw invalid('redirectUri', 'must be an absolute URL');
        if (r.hash)
            throw invalid('redirectUri', 'must not contain a fragment (RFC 6749 §3.1.2)');
        if (r.protocol === 'http:' && !isSecureOrLoopback(r))
            throw invalid('redirectUri', 'must use https unless it is loopback');
        out.redirectUri = c.redirectUri;
    }
    if (c.extraAuthParams !== undefined)
        out.extraAuthParams = stringMap('extraAuthParams', c.extraAuthParams);
    if (c.extraTokenParams !== undefined)
        out.extraTokenParams = stringMap('extraTokenParams', c.extraTokenParams);
    if (c.codeChallengeMethod !== undefined) {
        if (c.codeChallengeMethod !== 'S256' && c.codeChallengeMethod !== 'SHA256') {
            throw invalid('codeChallengeMethod', `must be S256 (or its spelling SHA256); ${JSON.stringify(c.codeChallengeMethod)} is refused`);
        }
        out.codeChallengeMethod = c.codeChallengeMethod;
    }
    if (c.tokenResponse !== undefined) {
        const t = c.tokenResponse;
        if (typeof t !== 'object' || t === null || Array.isArray(t))
            throw invalid('tokenResponse', 'must be an object of JSON paths');
        const paths = {};
        for (const [k, v] of Object.entries(t)) {
            if (!PATH_KEYS.includes(k))
                throw invalid(`tokenResponse.${k}`, 'is not a token field');
            if (typeof v !== 'string' || !PATH.test(v))
                throw invalid(`tokenResponse.${k}`, 'must be a dotted path like authed_user.access_token');
            paths[k] = v;
        }
        out.tokenResponse = paths;
    }
    if (c.maxTokenLength !== undefined) {
        if (typeof c.maxTokenLength !== 'number' ||
            !Number.isInteger(c.maxTokenLength) ||
            c.maxTokenLength < 2048 ||
            c.maxTokenLength > 1_000_000) {
            throw invalid('maxTokenLength', 'must be an integer from 2048 to 1000000');
        }
        out.maxTokenLength = c.maxTokenLength;
    }
    if (c.allowedOrigins !== undefined) {
        out.allowedOrigins = strings('allowedOrigins', c.allowedOrigins).map((o, i) => origin(`allowedOrigins[${i}]`, o));
    }
    if (c.resourceOrigins !== undefined) {
        out.resourceOrigins = strings('resourceOrigins', c.resourceOrigins).map((o, i) => {
            const value = origin(`resourceOrigins[${i}]`, o);
            if (!isSecureOrLoopback(new URL(value)))
                throw invalid(`resourceOrigins[${i}]`, 'must use https unless it is loopback');
            return value;
        });
    }
    if (c.refreshEndpoint !== undefined)
        out.refreshEndpoint = url('refreshEndpoint', c.refreshEndpoint).href;
    if (c.tokenRequestFormat !== undefined) {
        if (c.tokenRequestFormat !== 'form' && c.tokenRequestFormat !== 'json')
            throw invalid('tokenRequestFormat', 'must be "form" or "json"');
        out.tokenRequestFormat = c.tokenRequestFormat;
    }
    if (c.idTokenSigningAlgs !== undefined)
        out.idTokenSigningAlgs = strings('idTokenSigningAlgs', c.idTokenSigningAlgs);
    if (c.tokenHeader !== undefined) {
        const h = c.tokenHeader;
        if (typeof h !== 'object' || h === null || typeof h.name !== 'string' || !h.name)
            throw invalid('tokenHeader', 'must be { name, scheme? }');
        out.tokenHeader = { name: h.name, ...(typeof h.scheme === 'string' && { scheme: h.scheme }) };
    }
    if (c.logoUri !== undefined) {
        if (typeof c.logoUri !== 'string' || !/^(https:|data:image\/)/i.test(c.logoUri))
            throw invalid('logoUri', 'must be an https: URL or a data:image/ URL');
        out.logoUri = c.logoUri;
    }
    if (c.dpop !== undefined) {
        if (typeof c.dpop !== 'boolean')
            throw invalid('dpop', 'must be a boolean');
        out.dpop = c.dpop;
    }
    return out;
}
/** Validates several providers and checks their ids are distinct. */
export function validateProviderConfigs(configs) {
    if (!Array.isArray(configs))
        throw new LatchkeyError('config_invalid', 'providers must be an array');
    const seen = new Set();
    return configs.map((config, i) => {
        const valid = validateProviderConfig(config);
        if (seen.has(valid.id))
            throw invalid(`providers[${i}].id`, `duplicates ${JSON.stringify(valid.id)}`);
        seen.add(valid.id);
        return valid;
    });
}
