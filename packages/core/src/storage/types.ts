/**
 * The records Latchkey keeps. IndexedDB database `latchkey`, one store each (docs/architecture.md, "Where state lives").
 */
export interface TransactionRecord {
  state: string;
  provider: string;
  codeVerifier: string;
  nonce?: string;
  /** The issuer the response must come from (RFC 9207), when known. */
  issuer?: string;
  redirectUri: string;
  scopes: string[];
  appState?: string;
  createdAt: number;
  /** The DPoP key pair the code is bound to (`dpop_jkt`), for a `dpop` provider (RFC 9449 §10). */
  dpopKey?: CryptoKeyPair;
  /** RFC 8707 `resource` values asked for, sorted. */
  resources?: string[];
  /** OIDC `max_age` asked for: the id_token's `auth_time` is checked against it. */
  maxAge?: number;
}

export interface TokenRecord {
  provider: string;
  /** `sub` of the id_token, or '' when unknown. */
  account: string;
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  /**
   * The access token's lifetime when issued (`expires_in`, clamped), milliseconds; bounds the
   * refresh margin. Absent in records stored before it was kept.
   */
  lifetime?: number;
  refreshToken?: string;
  idToken?: string;
  scopes: string[];
  claims?: Record<string, unknown>;
  updatedAt: number;
  lastRefresh?: { at: number; ok: boolean; error?: string };
  /**
   * The DPoP key pair the tokens are bound to (RFC 9449), for a `dpop` provider; its private key is
   * not extractable. Every token, refresh, userinfo and resource request of the session signs with it.
   */
  dpopKey?: CryptoKeyPair;
  /**
   * Who issued these tokens and how they are sent: the provider's issuer, endpoints, client id and
   * the settings that decide what is sent or to whom, when they were stored (`authorityOf`). Tokens are used, refreshed and revoked only under a provider config
   * with the same authority, so a redefined provider id never sends them to another server.
   */
  authority?: string;
  /**
   * Access tokens for fewer scopes than the session's, by their sorted space-separated scopes, from
   * refreshes with `scope` (RFC 6749 §6). Replaced with the session's tokens on a new sign-in or a
   * refresh of the session's own access token.
   */
  narrowed?: Record<string, NarrowedToken>;
  /**
   * The RFC 8707 resources the session's own access token was asked for (sorted), when the token
   * request named them; absent when it named none. Its refreshes name the same ones (§2.2).
   */
  resources?: string[];
  /**
   * Access tokens for other resources than the session's, by their sorted space-separated resource
   * URIs, from refreshes with `resource` (RFC 8707 §2.2). A token is only ever handed out for the
   * resources it was asked for. Replaced on a new sign-in.
   */
  byResource?: Record<string, NarrowedToken>;
}

/** An access token obtained for a subset of the session's scopes. */
export interface NarrowedToken {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  /** As {@link TokenRecord.lifetime}. */
  lifetime?: number;
  scopes: string[];
}

export interface GrantRecord {
  origin: string;
  provider: string;
  scopes: string[];
  /** `allowed` or `denied` (a denial is remembered too). */
  decision: 'allowed' | 'denied';
  /** Who made the decision: the user, a preset (`allowedOrigins`) or policy. */
  by: 'user' | 'preset' | 'policy';
  at: number;
  /**
   * The account (`sub`, `''` without id_token) of the provider the site may use: set by the site's
   * first sign-in, changed only when the person allows it. Absent: the provider's current account.
   */
  account?: string;
}

export interface LogRecord {
  id?: number;
  at: number;
  type: string;
  provider?: string;
  origin?: string;
  method?: string;
  ok?: boolean;
  code?: string;
  durationMs?: number;
  detail?: string;
}

/** The current account of a provider (store `current`, since version 3). */
export interface CurrentAccountRecord {
  provider: string;
  /** The `account` of one of the provider's sessions. */
  account: string;
}

/** Authorization server metadata as discovered (RFC 8414 §3.2), kept so a woken worker need not ask again. */
export interface ServerMetadataRecord {
  /** The configured issuer the metadata was fetched for (and matched, RFC 8414 §3.3). */
  issuer: string;
  metadata: Record<string, unknown>;
  fetchedAt: number;
}

/**
 * Storage behind the core. `openIdbStorage()` is the IndexedDB implementation; every method is
 * atomic on its own.
 */
export interface LatchkeyStorage {
  putTransaction(record: TransactionRecord): Promise<void>;
  /** Reads and deletes in one transaction: a state can be taken once only. */
  takeTransaction(state: string): Promise<TransactionRecord | undefined>;
  /** Removes transactions created before `olderThan` (epoch ms). */
  pruneTransactions(olderThan: number): Promise<void>;

  /**
   * The session of `account` (an id_token `sub`, `''` for a session without one) of `provider`;
   * without `account`, the provider's current account's ({@link getCurrentAccount}).
   */
  getTokens(provider: string, account?: string): Promise<TokenRecord | undefined>;
  /** Every stored session of `provider` (of every provider without it), in no particular order. */
  listTokens(provider?: string): Promise<TokenRecord[]>;
  /**
   * Stores a session under its provider and account, in place of that account's only. With
   * `makeCurrent` (a sign-in) it also becomes the provider's current account, in the same
   * transaction; a provider without a current account gets this one either way.
   */
  putTokens(record: TokenRecord, options?: { makeCurrent?: boolean }): Promise<void>;
  /**
   * Deletes the session of `account` of `provider`; without `account`, every session of the
   * provider. When the current account's session goes, the most recently updated one left (if any)
   * becomes current, in the same transaction.
   */
  deleteTokens(provider: string, account?: string): Promise<void>;
  /** The provider's current account: the one signed in last or selected since; undefined without a session. */
  getCurrentAccount(provider: string): Promise<string | undefined>;
  /** Makes `account` the provider's current account; false (and nothing changes) when it has no session. */
  setCurrentAccount(provider: string, account: string): Promise<boolean>;

  getGrant(origin: string, provider: string): Promise<GrantRecord | undefined>;
  putGrant(record: GrantRecord): Promise<void>;
  deleteGrant(origin: string, provider: string): Promise<void>;
  listGrants(origin?: string): Promise<GrantRecord[]>;

  getProviders(): Promise<unknown[]>;
  putProviders(configs: unknown[]): Promise<void>;

  /**
   * Discovery cache (optional: without it, metadata is cached in memory per client only).
   * @see RFC 8414 §3
   */
  getServerMetadata?(issuer: string): Promise<ServerMetadataRecord | undefined>;
  putServerMetadata?(record: ServerMetadataRecord): Promise<void>;

  /** Appends to the bounded event log (oldest dropped past the bound). */
  appendLog(record: Omit<LogRecord, 'id'>): Promise<void>;
  readLog(limit?: number): Promise<LogRecord[]>;

  close(): void;
}
