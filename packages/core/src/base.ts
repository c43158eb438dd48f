/**
 * `@latchkey/core/base`: the part of core that neither talks to a server nor validates a config —
 * the error class, IndexedDB storage and its read-only session reader, reading a stored session, and the page ↔ extension protocol's
 * constants. It imports neither oauth4webapi nor the config validator, so that a page can answer
 * its first `getToken` from storage, or say `hello` to the extension, before loading the rest of
 * core. Everything here is also exported by `@latchkey/core` itself (the same modules, the same
 * `LatchkeyError` class).
 * @see packages/core/README.md
 */
export {
  LATCHKEY_ERROR_CODES,
  LatchkeyError,
  isLatchkeyError,
  isLatchkeyErrorCode,
} from './errors.js';
export type { LatchkeyErrorCode, LatchkeyErrorData, LatchkeyErrorOptions } from './errors.js';
export type { AccountInfo, ProviderConfig, TokenInfo } from './types.js';
export type { LatchkeyStorage, TokenRecord } from './storage/types.js';
export { openSessionReader } from './storage/session-reader.js';
export type { SessionReader } from './storage/session-reader.js';
export {
  DEFAULT_MIN_VALIDITY,
  authorityOf,
  isFresh,
  readCachedToken,
  toTokenInfo,
} from './tokens/read-cached.js';
export { BRIDGE_CONNECT, BROKER_EVENTS, PORT_NAMES, PROTOCOL_VERSION } from './bridge/protocol.js';
export type { PageTokenInfo, ProviderSummary } from './bridge/protocol.js';
