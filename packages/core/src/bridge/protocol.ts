import type { LatchkeyErrorCode, LatchkeyErrorData } from '../errors.js';
import type { AccountInfo, TokenInfo } from '../types.js';
import type { BodyEncoding } from './body-encoding.js';

/** Version of the page ↔ extension protocol; a message with another version is refused. */
export const PROTOCOL_VERSION = 1;

/**
 * Names of the long-lived `runtime.connect` ports that carry the broker's pushes ({@link BrokerEvent}):
 * `events` from a page in `externally_connectable`, `bridge` from the content-script bridge.
 */
export const PORT_NAMES = { events: 'latchkey-events', bridge: 'latchkey-bridge' } as const;

/** The broker's pushes, by `event` name. */
export const BROKER_EVENTS = ['tokenChanged', 'signedOut', 'grantRevoked'] as const;
export type BrokerEventName = (typeof BROKER_EVENTS)[number];

/**
 * How a page reaches the content-script bridge: it posts `{ latchkey, connect: BRIDGE_CONNECT }` on
 * its own window (exact target origin) with one `MessagePort` transferred; requests go over that
 * port and the bridge answers, and relays the broker's pushes, on that port only — never on the
 * window, where every script and content script of the page could read them.
 * @see https://html.spec.whatwg.org/multipage/web-messaging.html#channel-messaging
 */
export const BRIDGE_CONNECT = 'latchkey-bridge';

/** A `{ latchkey, connect }` message as a page posts it to the bridge. */
export interface BridgeConnect {
  latchkey: typeof PROTOCOL_VERSION;
  connect: typeof BRIDGE_CONNECT;
}

/**
 * The error reply `{ latchkey, id, ok: false, error }` to request `id`: from a code and a message,
 * or from a whole {@link LatchkeyErrorData} (as `LatchkeyError.toJSON()` gives it).
 */
export function errorReply(
  id: string,
  code: LatchkeyErrorCode,
  message: string,
): BrokerResponse & { ok: false };
export function errorReply(id: string, error: LatchkeyErrorData): BrokerResponse & { ok: false };
export function errorReply(
  id: string,
  codeOrError: LatchkeyErrorCode | LatchkeyErrorData,
  message = '',
): BrokerResponse & { ok: false } {
  const error = typeof codeOrError === 'string' ? { code: codeOrError, message } : codeOrError;
  return { latchkey: PROTOCOL_VERSION, id, ok: false, error };
}

/** The success reply `{ latchkey, id, ok: true, result }` to request `id`. */
export function okReply<M extends BrokerMethod>(
  id: string,
  result: BrokerResult<M>,
): BrokerResponse<M> & { ok: true } {
  return { latchkey: PROTOCOL_VERSION, id, ok: true, result };
}

/** What a page may learn about a provider: never endpoints' secrets, never tokens. */
export interface ProviderSummary {
  id: string;
  name?: string;
  scopes: string[];
  /** Whether the calling origin holds a grant for this provider. */
  granted: boolean;
  /**
   * Whether there is a session (stored tokens) for this provider. The extension says so only to a
   * site it has a grant for (`granted`); to others it is always `false`.
   */
  signedIn: boolean;
  account?: AccountInfo;
}

/** A page's token, as the broker answers it: access token only. */
export type PageTokenInfo = Omit<TokenInfo, 'account'> & { account?: AccountInfo };

export interface FetchParams {
  provider: string;
  /** The account (`sub`) whose token is sent; default: the site's. */
  account?: string;
  url: string;
  method?: string;
  headers?: [string, string][];
  /**
   * The request body: text as it is, or with `bodyEncoding: 'base64'` any bytes as padded standard
   * base64; at most `MAX_FETCH_BODY_CHARS` characters as carried.
   */
  body?: string;
  /** How `body` is carried; absent: it is the text itself. */
  bodyEncoding?: BodyEncoding;
  /**
   * `'base64'`: the page wants the response body's bytes, as base64 (`FetchResult.bodyEncoding`).
   * Absent: the broker decodes the response body as UTF-8 text.
   */
  responseEncoding?: BodyEncoding;
}

export interface FetchResult {
  status: number;
  statusText: string;
  headers: [string, string][];
  /** The response body: UTF-8 text, or with `bodyEncoding: 'base64'` its bytes as base64. */
  body: string;
  bodyEncoding?: BodyEncoding;
}

/**
 * Per-call authorization parameters a page may pass with `getToken` and `signIn`, as the broker
 * receives them after validation (lists normalised: `resource` sorted and without duplicates).
 * In `signIn` they shape the authorization request; in `getToken` the token asked for (`resource`,
 * `maxAge`, `acrValues`) and a silent re-authentication the call may try.
 * @see RFC 8707 §2 (resource), OpenID Connect Core 1.0 §3.1.2.1 (prompt, login_hint, max_age,
 *   acr_values, ui_locales)
 */
export interface BrokerAuthorizationParams {
  /** OIDC `prompt`: `login`, `select_account`, `consent`, `none`, `create`, space-separated. */
  prompt?: string;
  loginHint?: string;
  /** `audience` of the access token (not standard; Auth0 and the like). */
  audience?: string;
  /** RFC 8707 resource indicators: absolute URIs without a fragment, sorted. */
  resource?: string[];
  acrValues?: string[];
  /** Seconds since the person last authenticated at the provider. */
  maxAge?: number;
  uiLocales?: string[];
}

/** One account of a provider, as a site may see it (only the accounts its grant may use). */
export interface BrokerAccountSummary {
  provider: string;
  /** The account's `sub`; `''` for a provider without id_token. */
  account: string;
  name?: string;
  email?: string;
  /** Whether this is the account the site's calls use when they name none. */
  current: boolean;
}

/**
 * The protocol, defined once as a type map `method → (params) => Promise<result>`
 * (after vite's `invokeMethods.ts`); envelopes are derived from it.
 */
export interface BrokerMethods {
  hello: (params: Record<string, never>) => Promise<{ version: number; extensionId: string }>;
  providers: (params: Record<string, never>) => Promise<ProviderSummary[]>;
  getToken: (
    params: {
      provider: string;
      scopes?: string[];
      minValidity?: number;
      /** The account (`sub`) whose token is wanted; default: the site's. */
      account?: string;
    } & BrokerAuthorizationParams,
  ) => Promise<PageTokenInfo>;
  signIn: (
    params: { provider: string; scopes?: string[]; account?: string } & BrokerAuthorizationParams,
  ) => Promise<PageTokenInfo>;
  signOut: (params: {
    provider: string;
    /** The account (`sub`) to sign out; default: the site's. */
    account?: string;
    /** Every account of the provider the site may use. */
    allAccounts?: boolean;
    /** Also end the session at the provider (OpenID Connect RP-Initiated Logout 1.0). */
    endSession?: boolean;
  }) => Promise<{ signedOut: true }>;
  userinfo: (params: { provider: string; account?: string }) => Promise<Record<string, unknown>>;
  fetch: (params: FetchParams) => Promise<FetchResult>;
  accounts: (params: { provider: string }) => Promise<BrokerAccountSummary[]>;
}

export type BrokerMethod = keyof BrokerMethods;
export type BrokerParams<M extends BrokerMethod> = Parameters<BrokerMethods[M]>[0];
export type BrokerResult<M extends BrokerMethod> = Awaited<ReturnType<BrokerMethods[M]>>;

/** `{ latchkey: 1, id, method, params }` */
export type BrokerRequest<M extends BrokerMethod = BrokerMethod> = {
  [K in M]: { latchkey: typeof PROTOCOL_VERSION; id: string; method: K; params: BrokerParams<K> };
}[M];

/** `{ latchkey: 1, id, ok: true, result }` or `{ latchkey: 1, id, ok: false, error: { code, message } }` */
export type BrokerResponse<M extends BrokerMethod = BrokerMethod> =
  | { latchkey: typeof PROTOCOL_VERSION; id: string; ok: true; result: BrokerResult<M> }
  | { latchkey: typeof PROTOCOL_VERSION; id: string; ok: false; error: LatchkeyErrorData };

/** Pushed by the broker over a long-lived port (`runtime.connect`) so pages can drop cached tokens. */
export type BrokerEvent = {
  [E in BrokerEventName]: {
    latchkey: typeof PROTOCOL_VERSION;
    event: E;
    provider: string;
    /** The account (`sub`) the event concerns, when it concerns one session. */
    account?: string;
  };
}[BrokerEventName];
