export { LatchkeyError, isLatchkeyError, isLatchkeyErrorCode } from './errors.js';
export type { LatchkeyErrorCode, LatchkeyErrorData, LatchkeyErrorOptions } from './errors.js';
export type { AccountInfo, ProviderConfig, TokenInfo, TokenResponsePaths } from './types.js';
export { PROTOCOL_VERSION } from './bridge/index.js';
export type {
  BrokerEvent,
  BrokerMethod,
  BrokerMethods,
  BrokerParams,
  BrokerRequest,
  BrokerResponse,
  BrokerResult,
  FetchParams,
  FetchResult,
  PageTokenInfo,
  ProviderSummary,
} from './bridge/index.js';
export type {
  BeginAuthorizationOptions,
  CreateClientOptions,
  DeviceAuthorization,
  GetAccessTokenOptions,
  LatchkeyClient,
  LatchkeyEvent,
} from './client-types.js';
export type {
  GrantRecord,
  LatchkeyStorage,
  LogRecord,
  TokenRecord,
  TransactionRecord,
} from './storage/types.js';
export {
  isLoopbackHost,
  isRequestShaped,
  originAllowed,
  originMatchPattern,
  parseBrokerRequest,
  parseOrigin,
  readRequestId,
  webOrigin,
} from './bridge/index.js';
