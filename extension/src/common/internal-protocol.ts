import type {
  AccountInfo,
  AccountSummary,
  GrantRecord,
  LatchkeyErrorData,
  LogRecord,
  ProviderConfig,
} from '@latchkey/core';

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
  /**
   * What the person is asked. `access` (the default when absent): may `origin` use `provider` with
   * `scopes`. `account`: `origin`'s sign-in came back with another account than the session's;
   * allowing moves `origin` to `accountChange.to` (other sites keep their accounts), denying keeps
   * `origin`'s account (and `origin` gets `consent_denied`).
   */
  kind?: 'access' | 'account';
  origin: string;
  provider: string;
  providerName?: string;
  scopes: string[];
  /** For `kind: 'account'`: the session's account and the one the sign-in returned. */
  accountChange?: { from: AccountInfo; to: AccountInfo };
  createdAt: number;
}

/**
 * What importing one provider would do (`previewImport`), shown to the person before `applyImport`.
 * - `add`: a new id. `replace`: an existing options provider changes (`fields` lists what).
 * - `unchanged`: the same config is already there. `refused`: invalid, or the id is set by policy.
 */
export interface ImportChange {
  id: string;
  kind: 'add' | 'replace' | 'unchanged' | 'refused';
  /** Top-level config fields whose value changes (for `replace`), sorted. */
  fields: string[];
  /**
   * The origins whose grants for this provider applying drops: a field that decides what is sent or
   * to whom changed (endpoints, client id, token request and response shape, allowed or resource
   * origins, token header). Their sites must ask again.
   */
  dropsGrants: string[];
  /** Whether the stored session (tokens) is dropped: the provider now names another server or client. */
  dropsSession: boolean;
  /**
   * `allowedOrigins` of an imported provider are not pre-granted (only build-time presets and policy
   * pre-grant): each of these origins will be asked for consent on first use.
   */
  consentOrigins: string[];
  /** Why it is `refused`. */
  error?: LatchkeyErrorData;
}

/**
 * One signed-in account of a provider, for the popup, options page and devtools panel: core's
 * summary (sites whose grant names no account use the `current` one), with the provider's name and
 * the sites that use the account.
 */
export interface SessionAccountView extends AccountSummary {
  providerName?: string;
  /** The sites (origins) whose grant uses this account: named in it, or the current one. */
  sites: string[];
}

export interface InternalMethods {
  listProviders: (params: Record<string, never>) => Promise<ProviderView[]>;
  /** Fetches metadata (RFC 8414 / OIDC discovery) for an issuer, to prefill a provider form. */
  discoverProvider: (params: { issuer: string }) => Promise<Partial<ProviderConfig>>;
  saveProvider: (params: { config: ProviderConfig }) => Promise<ProviderView>;
  removeProvider: (params: { id: string }) => Promise<{ removed: true }>;
  /** What importing `configs` would change, without changing anything (see {@link ImportChange}). */
  previewImport: (params: { configs: unknown[] }) => Promise<ImportChange[]>;
  /**
   * Applies an import the person saw with `previewImport` (the same `configs`). Refuses the whole
   * import (`config_invalid`) when one entry is refused; nothing is applied then.
   */
  applyImport: (params: { configs: unknown[] }) => Promise<ProviderView[]>;
  /** @deprecated The old one-step import: same as `applyImport`. */
  importProviders: (params: { configs: unknown[] }) => Promise<ProviderView[]>;

  listAccounts: (params: Record<string, never>) => Promise<AccountView[]>;
  signIn: (params: { provider: string }) => Promise<AccountView>;
  /**
   * The person's full sign-out: ends the session for every site (refresh token revoked at the
   * server). A site's own `signOut` only ends that site's access (drops its grant).
   */
  signOut: (params: { provider: string }) => Promise<{ signedOut: true }>;
  refreshNow: (params: { provider: string }) => Promise<AccountView>;
  /** Every signed-in account, per provider (or of one), with the sites that use each. */
  listSessions: (params: { provider?: string }) => Promise<SessionAccountView[]>;
  /** Signs one account of a provider out (revoked, forgotten); the provider's other accounts stay. */
  signOutAccount: (params: { provider: string; account: string }) => Promise<{ signedOut: true }>;
  tokenDetails: (params: { provider: string }) => Promise<TokenDetails>;

  /** Grants of one origin, or of all origins when `origin` is omitted. */
  listGrants: (params: { origin?: string }) => Promise<GrantRecord[]>;
  revokeGrant: (params: { origin: string; provider: string }) => Promise<{ revoked: true }>;
  /**
   * The person allows `origin` to use `provider` (with `scopes`, default the provider's) from the
   * options page: a grant of theirs, as from the consent window. The only way besides the consent
   * window; `allowedOrigins` of options or imported providers grant nothing.
   */
  allowSite: (params: {
    origin: string;
    provider: string;
    scopes?: string[];
  }) => Promise<{ allowed: true }>;
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
