import { isLatchkeyError, LatchkeyError } from '../errors.js';
import type { ProviderConfig, TokenHeader, TokenResponsePaths } from '../types.js';
import { parseJsonPath } from './json-path.js';
import { isSecureOrLoopback } from './loopback.js';
import { parseOrigin } from './origin.js';
import {
  ENDPOINT_FIELDS,
  ID_TOKEN_SIGNING_ALGS,
  PROVIDER_FIELD_RULES,
} from './provider-field-rules.js';

/** Default largest token Latchkey accepts, in characters (some platforms allow 2,048; JWTs grow). */
export const DEFAULT_MAX_TOKEN_LENGTH = 16_384;

/**
 * Authorization request parameters Latchkey sets itself (or that would change what the request
 * means: `request`/`request_uri` replace the whole request, `response_mode` where the code is
 * delivered); neither `extraAuthParams` nor a call's `extraParams` may carry them.
 * @see RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 9101 §5 (request objects), OAuth 2.0 Multiple Response
 *   Type Encoding Practices §2.1 (response_mode), RFC 9449 §10 (dpop_jkt)
 */
export const RESERVED_AUTH_PARAMS: ReadonlySet<string> = new Set([
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request',
  'request_uri',
  'response_mode',
  'dpop_jkt',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

/**
 * Token request parameters that belong to the grant itself: `extraTokenParams` adds fields, it never
 * removes or replaces these.
 * @see RFC 6749 §4.1.3, §6, RFC 7636 §4.5, RFC 8628 §3.4
 */
export const RESERVED_TOKEN_PARAMS: ReadonlySet<string> = new Set([
  'grant_type',
  'code',
  'code_verifier',
  'redirect_uri',
  'client_id',
  'refresh_token',
  'device_code',
  'client_secret',
  'client_assertion',
  'client_assertion_type',
]);

const ID = /^[A-Za-z0-9._-]{1,64}$/;
/** RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 9110 §5.6.2 `token`, the syntax of a header name and of an auth scheme. */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const LOGO_DATA = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
/** Headers a token may not be put in: they mean something else to HTTP or to the browser. */
const FORBIDDEN_TOKEN_HEADERS = new Set([
  'host',
  'cookie',
  'origin',
  'referer',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'dpop',
]);
/** Schemes that run or embed content: never a redirect target. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:', 'about:']);
/** `{{…}}`: a server-side template (Capacity's `{{client_secret}}`), never expanded by Latchkey. */
const TEMPLATE = /\{\{[^}]*\}\}/;
const CREDENTIAL = /secret|assertion|password/i;

const MAX_STRING = 2048;
const MAX_LIST = 64;
const MAX_LOGO_URL = 2048;
const MAX_LOGO_DATA = 128 * 1024;
const ENDPOINTS = ENDPOINT_FIELDS.map((f) => f.name);
const KNOWN = new Set<string>(PROVIDER_FIELD_RULES.map((f) => f.name));
const PATH_KEYS: (keyof TokenResponsePaths)[] = [
  'accessToken',
  'tokenType',
  'expiresIn',
  'refreshToken',
  'scope',
  'idToken',
];

/** A short, safe description of an untrusted value for a message (never calls its methods). */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** A field name for a message: a hostile key is cut short and quoted when odd. */
function key(name: string): string {
  const short = name.length > 64 ? `${name.slice(0, 64)}…` : name;
  return /^[A-Za-z0-9_.$-]+$/.test(short) ? short : JSON.stringify(short);
}

function invalid(field: string, message: string): LatchkeyError {
  return new LatchkeyError('config_invalid', `Provider config: ${field} ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(field: string, value: unknown, max = MAX_STRING): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(field, `must be a non-empty string, not ${show(value)}`);
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  if (/[\x00-\x1f\x7f]/.test(value)) throw invalid(field, 'must not contain control characters');
  return value;
}

/** An https (or loopback http) URL; `issuer`: also without a query (RFC 8414 §2). */
function secureUrl(field: string, value: unknown): URL {
  const parsed = URL.parse(text(field, value));
  if (!parsed) throw invalid(field, `is not a valid URL: ${show(value)}`);
  if (!isSecureOrLoopback(parsed)) {
    throw invalid(field, `must use https (plain http is allowed on loopback only): ${show(value)}`);
  }
  if (parsed.username || parsed.password) throw invalid(field, 'must not contain user info');
  if (parsed.hash || (value as string).includes('#'))
    throw invalid(field, 'must not contain a fragment');
  return parsed;
}

/** The items of an array, read by index (holes and non-arrays refused), at most {@link MAX_LIST}. */
function list(field: string, value: unknown, max = MAX_LIST): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, `must be an array, not ${show(value)}`);
  if (value.length > max) throw invalid(field, `must have at most ${max} entries`);
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!Object.hasOwn(value, i)) throw invalid(`${field}[${i}]`, 'is missing');
    out.push(value[i]);
  }
  return out;
}

/**
 * Normalises a scope list: each entry may hold several space-separated scopes
 * (`["openid profile email"]` is `["openid", "profile", "email"]`); duplicates are dropped, order
 * kept. A blank entry, or a scope outside the RFC 6749 §3.3 character set, is refused.
 * @throws {LatchkeyError} `config_invalid` naming `field`.
 * @see RFC 6749 §3.3
 */
export function normalizeScopes(field: string, value: unknown): string[] {
  const out: string[] = [];
  list(field, value, 256).forEach((entry, i) => {
    if (typeof entry !== 'string')
      throw invalid(`${field}[${i}]`, `must be a string, not ${show(entry)}`);
    const tokens = entry.split(/[ \t\r\n]+/).filter(Boolean);
    if (tokens.length === 0) throw invalid(`${field}[${i}]`, 'is empty');
    for (const token of tokens) {
      if (token.length > 256 || !SCOPE_TOKEN.test(token))
        throw invalid(
          `${field}[${i}]`,
          `has ${show(token)}, not a scope (printable ASCII without " or \\, RFC 6749 §3.3)`,
        );
      if (!out.includes(token)) out.push(token);
    }
  });
  if (out.length > 256) throw invalid(field, 'must have at most 256 scopes');
  return out;
}

function stringMap(
  field: string,
  value: unknown,
  reserved: ReadonlySet<string>,
): Record<string, string> {
  if (!isRecord(value)) throw invalid(field, `must be an object of strings, not ${show(value)}`);
  const entries = Object.entries(value);
  if (entries.length > MAX_LIST) throw invalid(field, `must have at most ${MAX_LIST} entries`);
  const out: [string, string][] = [];
  for (const [k, v] of entries) {
    const name = `${field}.${key(k)}`;
    if (k.length === 0 || k.length > 128)
      throw invalid(name, 'must be a parameter name of 1–128 characters');
    if (CREDENTIAL.test(k))
      throw invalid(
        name,
        'looks like a credential: a public client holds no secret (RFC 6749 §2.1)',
      );
    if (reserved.has(k))
      throw invalid(name, 'is set by Latchkey for each request and cannot be added or replaced');
    // An empty value is a parameter sent empty, as written.
    out.push([k, v === '' ? v : text(name, v)]);
  }
  // fromEntries defines own properties: a `__proto__` key stays a plain key.
  return Object.fromEntries(out);
}

function origins(field: string, value: unknown): string[] {
  const out: string[] = [];
  list(field, value).forEach((entry, i) => {
    const origin = parseOrigin(entry);
    if (origin === undefined) {
      throw invalid(
        `${field}[${i}]`,
        `must be an origin like https://app.example.com (https, or http on loopback only; no path): ${show(entry)}`,
      );
    }
    if (!out.includes(origin)) out.push(origin);
  });
  return out;
}

/** The first `{{…}}` template in any string of `value` (walked without recursion, bounded). */
function findTemplate(value: unknown): string | undefined {
  const stack: unknown[] = [value];
  for (let seen = 0; stack.length > 0 && seen < 10_000; seen++) {
    const item = stack.pop();
    if (typeof item === 'string') {
      const match = TEMPLATE.exec(item);
      if (match) return match[0];
    } else if (typeof item === 'object' && item !== null) {
      for (const k of Object.keys(item)) {
        if (TEMPLATE.test(k)) return k;
        stack.push((item as Record<string, unknown>)[k]);
      }
    }
  }
  return undefined;
}

function logoUri(value: unknown): string {
  if (typeof value !== 'string') throw invalid('logoUri', `must be a string, not ${show(value)}`);
  if (value.startsWith('data:')) {
    if (value.length > MAX_LOGO_DATA)
      throw invalid('logoUri', `as a data: URL must be at most ${MAX_LOGO_DATA} characters`);
    if (!LOGO_DATA.test(value))
      throw invalid(
        'logoUri',
        'as a data: URL must be data:image/png, jpeg, gif or webp;base64,… (SVG can carry script and is refused)',
      );
    return value;
  }
  if (value.length > MAX_LOGO_URL)
    throw invalid('logoUri', `must be at most ${MAX_LOGO_URL} characters`);
  const parsed = URL.parse(value);
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password)
    throw invalid('logoUri', `must be an https: URL or a data:image/… URL: ${show(value)}`);
  return parsed.href;
}

/**
 * Checks a redirect URI: absolute, no fragment, http only on loopback, never a scheme that runs or
 * embeds content (an app's own scheme such as `com.example.app:/oauth` is fine).
 * @throws {LatchkeyError} `config_invalid` naming `redirectUri`.
 * @see RFC 6749 §3.1.2, RFC 8252 §7.1, §8.3
 */
export function checkRedirectUri(value: unknown): string {
  const r = URL.parse(text('redirectUri', value));
  if (!r) throw invalid('redirectUri', `must be an absolute URL: ${show(value)}`);
  if (r.hash || (value as string).includes('#'))
    throw invalid('redirectUri', 'must not contain a fragment (RFC 6749 §3.1.2)');
  if (UNSAFE_SCHEMES.has(r.protocol))
    throw invalid('redirectUri', `must not use ${r.protocol} (RFC 8252 §7.1)`);
  if (r.protocol === 'http:' && !isSecureOrLoopback(r))
    throw invalid('redirectUri', 'must use https unless it is loopback (RFC 8252 §8.3)');
  return value as string;
}

function tokenHeader(value: unknown): TokenHeader {
  if (!isRecord(value)) throw invalid('tokenHeader', 'must be { name, scheme? }');
  for (const k of Object.keys(value))
    if (k !== 'name' && k !== 'scheme') throw invalid(`tokenHeader.${key(k)}`, 'is not known');
  const { name, scheme } = value;
  if (typeof name !== 'string' || !HTTP_TOKEN.test(name))
    throw invalid('tokenHeader.name', `must be an HTTP header name: ${show(name)}`);
  if (FORBIDDEN_TOKEN_HEADERS.has(name.toLowerCase()))
    throw invalid('tokenHeader.name', `cannot be ${name}`);
  if (scheme !== undefined && (typeof scheme !== 'string' || !HTTP_TOKEN.test(scheme)))
    throw invalid('tokenHeader.scheme', `must be an auth scheme like Bearer: ${show(scheme)}`);
  return { name, ...(scheme !== undefined && { scheme }) };
}

/**
 * Checks an untrusted provider configuration and returns it normalised. Every failure, for any
 * input at all, is a `config_invalid` {@link LatchkeyError} that names the field.
 *
 * Latchkey is a public client: a `clientSecret` (or a `{{client_secret}}` template anywhere) is
 * refused, and so is the client credentials grant, which needs one. Scopes written as one
 * space-separated string are split. OpenID Connect (`openid` scope) needs an `issuer`: the id_token's
 * `iss` is checked against it.
 * @see RFC 6749 §2.1 (client types), RFC 9700 §2.1.1 (PKCE for public clients), RFC 7636 §4.2,
 *   OpenID Connect Core 1.0 §3.1.3.7 (id_token `iss`)
 */
export function validateProviderConfig(config: unknown): ProviderConfig {
  try {
    return validate(config);
  } catch (err) {
    if (isLatchkeyError(err) && err.code === 'config_invalid') throw err;
    // A getter that throws, a value no check foresaw: still a refusal, never a crash.
    throw new LatchkeyError('config_invalid', 'Provider config could not be read', { cause: err });
  }
}

function validate(config: unknown): ProviderConfig {
  if (!isRecord(config))
    throw new LatchkeyError('config_invalid', 'Provider config must be an object');
  const c = config;
  for (const k of Object.keys(c)) {
    if (/^client_?secret/i.test(k)) {
      throw invalid(
        key(k),
        'is not allowed: Latchkey is a public client (RFC 6749 §2.1) and cannot keep a secret in a browser; register the app as a public client using PKCE. The client credentials grant is refused for the same reason.',
      );
    }
    if (/grant_?types?/i.test(k) && findString(c[k], 'client_credentials')) {
      throw invalid(
        key(k),
        'asks for the client credentials grant, which needs a client secret: a public client cannot use it',
      );
    }
    if (!KNOWN.has(k)) throw invalid(key(k), 'is not a known provider setting');
  }
  const template = findTemplate(c);
  if (template !== undefined) {
    throw new LatchkeyError(
      'config_invalid',
      `Provider config: ${show(template)} is a template: Latchkey expands none, and as a public client holds no secret (RFC 6749 §2.1)`,
    );
  }
  if (typeof c.id !== 'string' || !ID.test(c.id))
    throw invalid('id', 'must be 1-64 characters of A-Z a-z 0-9 . _ -');
  const out: ProviderConfig = { id: c.id, clientId: text('clientId', c.clientId, 512) };
  if (c.name !== undefined) out.name = text('name', c.name, 200);
  if (c.issuer !== undefined) {
    // Kept as written: the metadata's `issuer` must equal it exactly (RFC 8414 §3.3).
    if (secureUrl('issuer', c.issuer).search)
      throw invalid('issuer', 'must not contain a query (RFC 8414 §2)');
    out.issuer = c.issuer as string;
  }
  for (const name of ENDPOINTS)
    if (c[name] !== undefined) out[name] = secureUrl(name, c[name]).href;
  if (
    out.issuer === undefined &&
    (out.authorizationEndpoint === undefined || out.tokenEndpoint === undefined)
  ) {
    throw invalid(
      'issuer',
      'is required unless both authorizationEndpoint and tokenEndpoint are given',
    );
  }
  if (c.scopes !== undefined) out.scopes = normalizeScopes('scopes', c.scopes);
  if (out.scopes?.includes('openid') && out.issuer === undefined) {
    throw invalid(
      'issuer',
      'is required with the openid scope: the id_token is checked against it (OpenID Connect Core §3.1.3.7)',
    );
  }
  if (c.redirectUri !== undefined) out.redirectUri = checkRedirectUri(c.redirectUri);
  if (c.extraAuthParams !== undefined)
    out.extraAuthParams = stringMap('extraAuthParams', c.extraAuthParams, RESERVED_AUTH_PARAMS);
  if (c.extraTokenParams !== undefined)
    out.extraTokenParams = stringMap('extraTokenParams', c.extraTokenParams, RESERVED_TOKEN_PARAMS);
  if (c.codeChallengeMethod !== undefined) {
    if (c.codeChallengeMethod !== 'S256' && c.codeChallengeMethod !== 'SHA256') {
      throw invalid(
        'codeChallengeMethod',
        `must be S256 (or its spelling SHA256); ${show(c.codeChallengeMethod)} is refused`,
      );
    }
    out.codeChallengeMethod = c.codeChallengeMethod;
  }
  if (c.tokenResponse !== undefined) {
    const t = c.tokenResponse;
    if (!isRecord(t)) throw invalid('tokenResponse', 'must be an object of JSON paths');
    const paths: TokenResponsePaths = {};
    for (const [k, v] of Object.entries(t)) {
      if (!PATH_KEYS.includes(k as keyof TokenResponsePaths))
        throw invalid(`tokenResponse.${key(k)}`, `is not a token field (${PATH_KEYS.join(', ')})`);
      if (typeof v !== 'string')
        throw invalid(`tokenResponse.${k}`, `must be a JSON path string, not ${show(v)}`);
      try {
        parseJsonPath(v);
      } catch (err) {
        throw invalid(
          `tokenResponse.${k}`,
          `must be a dotted path (authed_user.access_token) or JSONPath ($.data.tokens[0].access_token): ${(err as Error).message}`,
        );
      }
      paths[k as keyof TokenResponsePaths] = v;
    }
    out.tokenResponse = paths;
  }
  if (c.maxTokenLength !== undefined) {
    if (
      typeof c.maxTokenLength !== 'number' ||
      !Number.isInteger(c.maxTokenLength) ||
      c.maxTokenLength < 2048 ||
      c.maxTokenLength > 1_000_000
    ) {
      throw invalid('maxTokenLength', 'must be an integer from 2048 to 1000000');
    }
    out.maxTokenLength = c.maxTokenLength;
  }
  if (c.allowedOrigins !== undefined)
    out.allowedOrigins = origins('allowedOrigins', c.allowedOrigins);
  if (c.resourceOrigins !== undefined)
    out.resourceOrigins = origins('resourceOrigins', c.resourceOrigins);
  if (c.tokenRequestFormat !== undefined) {
    if (c.tokenRequestFormat !== 'form' && c.tokenRequestFormat !== 'json')
      throw invalid('tokenRequestFormat', 'must be "form" or "json"');
    out.tokenRequestFormat = c.tokenRequestFormat;
  }
  if (c.idTokenSigningAlgs !== undefined) {
    const algs: string[] = [];
    list('idTokenSigningAlgs', c.idTokenSigningAlgs).forEach((alg, i) => {
      if (!(ID_TOKEN_SIGNING_ALGS as readonly unknown[]).includes(alg))
        throw invalid(
          `idTokenSigningAlgs[${i}]`,
          `must be one of ${ID_TOKEN_SIGNING_ALGS.join(', ')} (never none or a MAC): ${show(alg)}`,
        );
      if (!algs.includes(alg as string)) algs.push(alg as string);
    });
    if (algs.length === 0) throw invalid('idTokenSigningAlgs', 'must name at least one algorithm');
    out.idTokenSigningAlgs = algs;
  }
  if (c.tokenHeader !== undefined) out.tokenHeader = tokenHeader(c.tokenHeader);
  if (c.logoUri !== undefined) out.logoUri = logoUri(c.logoUri);
  if (c.dpop !== undefined) {
    if (typeof c.dpop !== 'boolean') throw invalid('dpop', 'must be a boolean');
    out.dpop = c.dpop;
  }
  if (c.par !== undefined) {
    if (typeof c.par !== 'boolean') throw invalid('par', 'must be a boolean');
    out.par = c.par;
  }
  if (c.silentReauth !== undefined) {
    if (typeof c.silentReauth !== 'boolean') throw invalid('silentReauth', 'must be a boolean');
    out.silentReauth = c.silentReauth;
  }
  return out;
}

/** Whether `needle` occurs in any string of `value` (bounded walk, no recursion). */
function findString(value: unknown, needle: string): boolean {
  const stack: unknown[] = [value];
  for (let seen = 0; stack.length > 0 && seen < 10_000; seen++) {
    const item = stack.pop();
    if (typeof item === 'string' && item.includes(needle)) return true;
    if (typeof item === 'object' && item !== null)
      for (const k of Object.keys(item)) stack.push((item as Record<string, unknown>)[k]);
  }
  return false;
}

/** Validates several providers and checks their ids are distinct. */
export function validateProviderConfigs(configs: unknown): ProviderConfig[] {
  if (!Array.isArray(configs))
    throw new LatchkeyError('config_invalid', 'providers must be an array');
  const seen = new Set<string>();
  const out: ProviderConfig[] = [];
  for (let i = 0; i < configs.length; i++) {
    let config: unknown;
    try {
      config = configs[i];
    } catch (err) {
      throw new LatchkeyError('config_invalid', `providers[${i}] could not be read`, {
        cause: err,
      });
    }
    const valid = validateProviderConfig(config);
    if (seen.has(valid.id))
      throw invalid(`providers[${i}].id`, `duplicates ${JSON.stringify(valid.id)}`);
    seen.add(valid.id);
    out.push(valid);
  }
  return out;
}
