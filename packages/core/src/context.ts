import type * as oauth from 'oauth4webapi';

import type { LatchkeyEvent } from './client-types.js';
import type { DpopSupport } from './dpop/dpop.js';
import type { LatchkeyStorage } from './storage/types.js';
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
  /** In-flight refreshes, per provider id and operation, shared by their callers. */
  refreshes: Map<string, Promise<unknown>>;
  /** The last queued task per provider id (the in-process half of the provider lock). */
  queues: Map<string, Promise<void>>;
  /** RFC 9449 DPoP, when the client includes it (`createClient` does). */
  dpop?: DpopSupport;
}
