import type { GrantRecord, LatchkeyErrorData, LogRecord, ProviderConfig } from '@latchkey/core';

/**
 * The protocol between the extension's own pages (popup, options, consent window, devtools panel)
 * and the broker. Only extension pages may use it: the broker checks `sender.id === runtime.id` and
 * that the sender URL is one of the extension's own pages before answering. It is separate from the
 * page-facing protocol in `@latchkey/core`'s `bridge/`, which web pages use.
 */
export const INTERNAL_CHANNEL = 'latchkey-internal';

export interface AccountView {
  provider: string;
  providerName?: string;
  signedIn: boolean;
  sub?: string;
  name?: string;
  email?: string;
  scopes: string[];
  tokenType?: string;
  /** Epoch ms; undefined when the server sent no expires_in. */
  expiresAt?: number;
  hasRefreshToken: boolean;
  lastRefresh?: { at: number; ok: boolean; error?: string };
}

/** For the devtools inspector: tokens of one provider. Never the refresh token's value. */
export interface TokenDetails extends AccountView {
  accessToken?: string;
  idToken?: string;
}

/** Where a provider's config came from; `policy` entries cannot be edited or removed. */
export type ProviderSource = 'preset' | 'options' | 'policy';

export interface ProviderView {
  config: ProviderConfig;
  source: ProviderSource;
  /** The redirect URI to register with this provider. */
  redirectUri: string;
}

export interface ConsentRequestView {
  /** Opaque id of the pending consent request. */
  id: string;
  origin: string;
  provider: string;
  providerName?: string;
  scopes: string[];
  createdAt: number;
}

export interface InternalMethods {
  listProviders: (params: Record<string, never>) => Promise<ProviderView[]>;
  /** Fetches metadata (RFC 8414 / OIDC discovery) for an issuer, to prefill a provider form. */
  discoverProvider: (params: { issuer: string }) => Promise<Partial<ProviderConfig>>;
  saveProvider: (params: { config: ProviderConfig }) => Promise<ProviderView>;
  removeProvider: (params: { id: string }) => Promise<{ removed: true }>;
  importProviders: (params: { configs: unknown[] }) => Promise<ProviderView[]>;

  listAccounts: (params: Record<string, never>) => Promise<AccountView[]>;
  signIn: (params: { provider: string }) => Promise<AccountView>;
  signOut: (params: { provider: string }) => Promise<{ signedOut: true }>;
  refreshNow: (params: { provider: string }) => Promise<AccountView>;
  tokenDetails: (params: { provider: string }) => Promise<TokenDetails>;

  /** Grants of one origin, or of all origins when `origin` is omitted. */
  listGrants: (params: { origin?: string }) => Promise<GrantRecord[]>;
  revokeGrant: (params: { origin: string; provider: string }) => Promise<{ revoked: true }>;
  addSite: (params: { origin: string }) => Promise<{ added: true }>;

  getConsentRequest: (params: { id: string }) => Promise<ConsentRequestView>;
  answerConsent: (params: { id: string; allow: boolean }) => Promise<{ recorded: true }>;

  readLog: (params: { limit?: number; origin?: string }) => Promise<LogRecord[]>;
}

export type InternalMethod = keyof InternalMethods;
export type InternalParams<M extends InternalMethod> = Parameters<InternalMethods[M]>[0];
export type InternalResult<M extends InternalMethod> = Awaited<ReturnType<InternalMethods[M]>>;

export type InternalRequest<M extends InternalMethod = InternalMethod> = {
  [K in M]: { channel: typeof INTERNAL_CHANNEL; method: K; params: InternalParams<K> };
}[M];

export type InternalResponse<M extends InternalMethod = InternalMethod> =
  { ok: true; result: InternalResult<M> } | { ok: false; error: LatchkeyErrorData };
