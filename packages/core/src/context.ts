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
  /** Resolved authorization server metadata, per provider id. */
  servers: Map<string, Promise<oauth.AuthorizationServer>>;
  /** In-flight refreshes, per provider id, account and operation, shared by their callers. */
  refreshes: Map<string, Promise<unknown>>;
  /** The last queued task per provider id and account (the in-process half of the session lock). */
  queues: Map<string, Promise<void>>;
  /** RFC 9449 DPoP, when the client includes it (`createClient` does). */
  dpop?: DpopSupport;
}

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
