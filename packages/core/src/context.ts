import type * as oauth from 'oauth4webapi';

import type { LatchkeyEvent, ResourceRequest } from './shared-types.js';
import type { LatchkeyStorage, TokenRecord } from './storage/types.js';
import type { ProviderConfig } from './types.js';

/** What every protocol step needs; built once by `createClient`. Holds no token. */
export interface ClientContext {
  providers: ReadonlyMap<string, ProviderConfig>;
  storage: LatchkeyStorage;
  fetch: typeof fetch;
  /** Per-request timeout, milliseconds. */
  timeout: number;
  emit(event: Omit<LatchkeyEvent, 'at'>): void;
  /** Hands a refresh's new session tokens out while the refresh lock is still held (`onTokenRefreshed`). */
  refreshed(record: TokenRecord, current: boolean): void;
  /** Resolved authorization server metadata, per provider id. */
  servers: Map<string, Promise<oauth.AuthorizationServer>>;
  /** In-flight refreshes, per provider id, account and operation, shared by their callers. */
  refreshes: Map<string, { promise: Promise<unknown>; withdraw: AbortController; waiting: number }>;
  /** The last queued task per provider id and account (the in-process half of the session lock). */
  queues: Map<string, Promise<void>>;
  /**
   * Per provider id, its current account's session as this client last read or wrote it: the
   * account, scopes and expiry only (no token), a hint that lets a call find a due token's refresh
   * lock without reading first. Checked under the lock; never the source of what a call answers.
   */
  seen: Map<string, SeenSession>;
  /** RFC 9449 DPoP, when the client includes it (`createClient` does). */
  dpop?: DpopSupport;
}

/** What {@link ClientContext.seen} keeps of a session: nothing secret. */
export type SeenSession = Pick<
  TokenRecord,
  'account' | 'scopes' | 'expiresAt' | 'lifetime' | 'updatedAt'
>;

/** What the protocol steps need of DPoP; see `dpopSupport`. */
export interface DpopSupport {
  /** A new key pair for one session: made for the authorization request, kept with its tokens. */
  newKey(): Promise<CryptoKeyPair>;
  /** A proof-signing, nonce-tracking handle for requests of `provider` with `key`. */
  handle(provider: ProviderConfig, key: CryptoKeyPair): oauth.DPoPHandle;
  /** Whether the server refused a proof for want of its nonce (`use_dpop_nonce`). */
  isNonceError(err: unknown): boolean;
  /** A protected resource request with a session's token (and a proof for a DPoP session). */
  sendResourceRequest(
    ctx: ClientContext,
    provider: ProviderConfig,
    record: Pick<TokenRecord, 'dpopKey'>,
    accessToken: string,
    request: ResourceRequest,
  ): Promise<Response>;
}
