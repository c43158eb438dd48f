import { LatchkeyError } from '../errors.js';
import {
  MAX_FETCH_BODY_CHARS,
  MAX_HEADER_VALUE_CHARS,
  MAX_HEADERS,
  MAX_ID_CHARS,
  MAX_MIN_VALIDITY,
  MAX_REQUEST_CHARS,
  MAX_SCOPE_CHARS,
  MAX_SCOPES,
  MAX_URL_CHARS,
} from './limits.js';
import { BASE64 } from './body-encoding.js';
import {
  normalizeAcrValues,
  normalizeHint,
  normalizeMaxAge,
  normalizeResources,
  normalizeUiLocales,
} from '../authorization/auth-params.js';
import { PROTOCOL_VERSION } from './protocol.js';
import type {
  BrokerAuthorizationParams,
  BrokerMethod,
  BrokerParams,
  BrokerRequest,
  FetchParams,
} from './protocol.js';

type Record_ = Record<string, unknown>;
const isRecord = (v: unknown): v is Record_ =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const PROVIDER_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** RFC 6749 §3.3 `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )` */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 9110 §5.6.2 `token` (method and header names). */
const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_ID = /^[\x21-\x7E]+$/;
const NO_CONTROL = /^[^\x00-\x1F\x7F]*$/;
/** Headers the broker sets itself or that a page must not smuggle through it. */
const FORBIDDEN_HEADERS = new Set([
  'authorization',
  'cookie',
  'dpop',
  'host',
  'proxy-authorization',
]);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const bad = (message: string): LatchkeyError => new LatchkeyError('invalid_request', message);

/**
 * The `id` of a request-shaped message, so that even a refused request gets a reply it can match.
 * `undefined` when there is no usable id.
 */
export function readRequestId(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  const id = data.id;
  return typeof id === 'string' && id.length <= MAX_ID_CHARS && REQUEST_ID.test(id)
    ? id
    : undefined;
}

/** Whether `data` looks like a request envelope at all (`latchkey` and `method` keys). */
export function isRequestShaped(data: unknown): boolean {
  return isRecord(data) && 'latchkey' in data && 'method' in data;
}

/**
 * Checks an untrusted message from a page or content script: size, envelope, version, method and
 * every parameter. Returns a clean request (only known keys copied) or the {@link LatchkeyError}
 * (`invalid_request`, `unsupported`) to answer with. The origin is never read from the message.
 */
export function parseBrokerRequest(data: unknown): BrokerRequest | LatchkeyError {
  let size: number;
  try {
    size = JSON.stringify(data)?.length ?? 0;
  } catch {
    return bad('The message is not serialisable');
  }
  if (size > MAX_REQUEST_CHARS) return bad(`The message exceeds ${MAX_REQUEST_CHARS} characters`);
  if (!isRecord(data)) return bad('The message is not an object');
  if (data.latchkey !== PROTOCOL_VERSION) {
    return new LatchkeyError('unsupported', `Protocol version ${PROTOCOL_VERSION} is required`);
  }
  const id = readRequestId(data);
  if (id === undefined) return bad('The message has no valid id');
  const method = data.method;
  if (typeof method !== 'string' || !Object.hasOwn(PARAMS, method)) {
    // Named only when it is text: `String()` of an object without a prototype throws.
    const name = typeof method === 'string' ? method.slice(0, 40) : `of type ${typeof method}`;
    return new LatchkeyError('unsupported', `Unknown method ${name}`);
  }
  const raw = data.params === undefined ? {} : data.params;
  if (!isRecord(raw)) return bad('params must be an object');
  const parse = PARAMS[method as BrokerMethod] as (p: Record_) => unknown;
  try {
    const params = parse(raw);
    return { latchkey: PROTOCOL_VERSION, id, method, params } as BrokerRequest;
  } catch (error) {
    if (error instanceof LatchkeyError) return error;
    throw error;
  }
}

function providerId(p: Record_): string {
  const provider = p.provider;
  if (typeof provider !== 'string' || !PROVIDER_ID.test(provider)) {
    throw bad('provider must be a provider id ([A-Za-z0-9._-], 1–64 characters)');
  }
  return provider;
}

function optionalScopes(p: Record_): string[] | undefined {
  if (p.scopes === undefined) return undefined;
  const scopes = p.scopes;
  if (!Array.isArray(scopes) || scopes.length > MAX_SCOPES) {
    throw bad(`scopes must be an array of at most ${MAX_SCOPES} scope tokens`);
  }
  for (const s of scopes) {
    if (typeof s !== 'string' || s.length > MAX_SCOPE_CHARS || !SCOPE_TOKEN.test(s)) {
      throw bad('Each scope must be an RFC 6749 §3.3 scope-token');
    }
  }
  return [...new Set(scopes as string[])];
}

function optionalText(p: Record_, key: string, max: number): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max || !NO_CONTROL.test(v)) {
    throw bad(`${key} must be text of at most ${max} characters`);
  }
  return v;
}

/** OIDC Core §3.1.2.1 `prompt` values (and `create`, OIDC Initiating User Registration 1.0). */
const PROMPT_VALUES = new Set(['none', 'login', 'consent', 'select_account', 'create']);

/**
 * An account is a `sub` (OpenID Connect Core 1.0 §2: at most 255 ASCII characters), or `''` for a
 * provider without id_token.
 */
const ACCOUNT = /^[\x20-\x7E]{0,255}$/;

function optionalAccount(p: Record_): string | undefined {
  const v = p.account;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !ACCOUNT.test(v)) {
    throw bad('account must be a sub: printable ASCII, at most 255 characters');
  }
  return v;
}

function optionalBoolean(p: Record_, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(`${key} must be a boolean`);
  return v;
}

/**
 * The per-call authorization parameters, each checked by core's own rules (the same as a direct
 * `beginAuthorization` call): `resource` absolute URIs without a fragment (RFC 8707 §2), at most
 * `MAX_RESOURCES`; `maxAge` a whole number of seconds; `acrValues` and `uiLocales` token lists
 * (a string or an array; answered as an array); `prompt` known OIDC values.
 * @see RFC 8707 §2, OpenID Connect Core 1.0 §3.1.2.1
 */
function authorizationParams(p: Record_): BrokerAuthorizationParams {
  const out: BrokerAuthorizationParams = {};
  const prompt = optionalText(p, 'prompt', 64);
  if (prompt !== undefined) {
    const values = prompt.split(' ');
    if (!values.every((v) => PROMPT_VALUES.has(v)) || new Set(values).size !== values.length) {
      throw bad(`prompt must be OIDC prompt values (${[...PROMPT_VALUES].join(', ')})`);
    }
    // OIDC Core §3.1.2.1: `none` with any other value is an error.
    if (values.includes('none') && values.length > 1) throw bad('prompt none stands alone');
    out.prompt = prompt;
  }
  const loginHint = optionalText(p, 'loginHint', 256);
  if (loginHint !== undefined) out.loginHint = loginHint;
  const audience = normalizeHint('audience', p.audience);
  if (audience !== undefined) out.audience = audience;
  const resource = normalizeResources(p.resource);
  if (resource !== undefined) out.resource = resource;
  const acrValues = normalizeAcrValues(p.acrValues);
  if (acrValues !== undefined) out.acrValues = acrValues;
  const maxAge = normalizeMaxAge(p.maxAge);
  if (maxAge !== undefined) out.maxAge = maxAge;
  const uiLocales = normalizeUiLocales(p.uiLocales);
  if (uiLocales !== undefined) out.uiLocales = uiLocales;
  return out;
}

const PARAMS: { [M in BrokerMethod]: (p: Record_) => BrokerParams<M> } = {
  hello: () => ({}),
  providers: () => ({}),
  getToken: (p) => {
    const out: BrokerParams<'getToken'> = { provider: providerId(p) };
    const scopes = optionalScopes(p);
    if (scopes) out.scopes = scopes;
    if (p.minValidity !== undefined) {
      const v = p.minValidity;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_MIN_VALIDITY) {
        throw bad(`minValidity must be a number of seconds between 0 and ${MAX_MIN_VALIDITY}`);
      }
      out.minValidity = v;
    }
    const account = optionalAccount(p);
    if (account !== undefined) out.account = account;
    return { ...out, ...authorizationParams(p) };
  },
  signIn: (p) => {
    const out: BrokerParams<'signIn'> = { provider: providerId(p) };
    const scopes = optionalScopes(p);
    if (scopes) out.scopes = scopes;
    const account = optionalAccount(p);
    if (account !== undefined) out.account = account;
    return { ...out, ...authorizationParams(p) };
  },
  signOut: (p) => {
    const out: BrokerParams<'signOut'> = { provider: providerId(p) };
    const account = optionalAccount(p);
    if (account !== undefined) out.account = account;
    const allAccounts = optionalBoolean(p, 'allAccounts');
    if (allAccounts !== undefined) out.allAccounts = allAccounts;
    if (allAccounts && account !== undefined)
      throw bad('account and allAccounts exclude each other');
    const endSession = optionalBoolean(p, 'endSession');
    if (endSession !== undefined) out.endSession = endSession;
    return out;
  },
  userinfo: (p) => {
    const account = optionalAccount(p);
    return { provider: providerId(p), ...(account !== undefined && { account }) };
  },
  fetch: (p) => parseFetchParams(p),
  accounts: (p) => ({ provider: providerId(p) }),
};

function parseFetchParams(p: Record_): FetchParams {
  const out: FetchParams = { provider: providerId(p), url: '' };
  const account = optionalAccount(p);
  if (account !== undefined) out.account = account;
  const url = p.url;
  if (typeof url !== 'string' || url.length > MAX_URL_CHARS) throw bad('url must be a URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('url must be an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw bad('url must be an http(s) URL');
  }
  if (parsed.username || parsed.password) throw bad('url must not carry credentials');
  out.url = parsed.href;
  if (p.method !== undefined) {
    const m = p.method;
    if (typeof m !== 'string' || m.length > 16 || !HTTP_TOKEN.test(m)) {
      throw bad('method must be an HTTP method');
    }
    const upper = m.toUpperCase();
    if (FORBIDDEN_METHODS.has(upper)) throw bad(`method ${upper} is not allowed`);
    out.method = upper;
  }
  if (p.headers !== undefined) {
    const h = p.headers;
    if (!Array.isArray(h) || h.length > MAX_HEADERS) {
      throw bad(`headers must be at most ${MAX_HEADERS} [name, value] pairs`);
    }
    out.headers = h.map((pair: unknown): [string, string] => {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw bad('Each header is a [name, value] pair');
      const [name, value] = pair as unknown[];
      if (typeof name !== 'string' || name.length > MAX_ID_CHARS || !HTTP_TOKEN.test(name)) {
        throw bad('A header name is not an RFC 9110 token');
      }
      if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
        throw bad(`The ${name} header is set by the broker, not the page`);
      }
      if (
        typeof value !== 'string' ||
        value.length > MAX_HEADER_VALUE_CHARS ||
        /[\r\n\0]/.test(value)
      ) {
        throw bad(`The value of header ${name} is not valid`);
      }
      return [name, value];
    });
  }
  if (p.body !== undefined) {
    if (typeof p.body !== 'string' || p.body.length > MAX_FETCH_BODY_CHARS) {
      throw bad(`body must be text of at most ${MAX_FETCH_BODY_CHARS} characters`);
    }
    out.body = p.body;
  }
  if (p.bodyEncoding !== undefined) {
    if (p.bodyEncoding !== 'base64') throw bad("bodyEncoding must be 'base64'");
    if (out.body === undefined) throw bad('bodyEncoding needs a body');
    if (!BASE64.test(out.body)) throw bad('body must be padded standard base64 (RFC 4648 §4)');
    out.bodyEncoding = 'base64';
  }
  if (p.responseEncoding !== undefined) {
    if (p.responseEncoding !== 'base64') throw bad("responseEncoding must be 'base64'");
    out.responseEncoding = 'base64';
  }
  return out;
}
