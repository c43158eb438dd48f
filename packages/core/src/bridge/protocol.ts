import type { LatchkeyErrorData } from '../errors.js';
import type { AccountInfo, TokenInfo } from '../types.js';

/** Version of the page ↔ extension protocol; a message with another version is refused. */
export const PROTOCOL_VERSION = 1;

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
  url: string;
  method?: string;
  headers?: [string, string][];
  /** Text body only (JSON, form, text); binary bodies are not carried. */
  body?: string;
}

export interface FetchResult {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

/**
 * The protocol, defined once as a type map `method → (params) => Promise<result>`
 * (after vite's `invokeMethods.ts`); envelopes are derived from it.
 */
export interface BrokerMethods {
  hello: (params: Record<string, never>) => Promise<{ version: number; extensionId: string }>;
  providers: (params: Record<string, never>) => Promise<ProviderSummary[]>;
  getToken: (params: {
    provider: string;
    scopes?: string[];
    minValidity?: number;
  }) => Promise<PageTokenInfo>;
  signIn: (params: {
    provider: string;
    scopes?: string[];
    prompt?: string;
    loginHint?: string;
  }) => Promise<PageTokenInfo>;
  signOut: (params: { provider: string }) => Promise<{ signedOut: true }>;
  userinfo: (params: { provider: string }) => Promise<Record<string, unknown>>;
  fetch: (params: FetchParams) => Promise<FetchResult>;
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
export type BrokerEvent =
  | { latchkey: typeof PROTOCOL_VERSION; event: 'tokenChanged'; provider: string }
  | { latchkey: typeof PROTOCOL_VERSION; event: 'signedOut'; provider: string }
  | { latchkey: typeof PROTOCOL_VERSION; event: 'grantRevoked'; provider: string };
