export {
  LATCHKEY_ERROR_CODES,
  LatchkeyError,
  isLatchkeyError,
  isLatchkeyErrorCode,
} from './errors.js';
export type { LatchkeyErrorCode, LatchkeyErrorData, LatchkeyErrorOptions } from './errors.js';
export type {
  AccountInfo,
  AccountSummary,
  ProviderConfig,
  TokenHeader,
  TokenInfo,
  TokenResponsePaths,
} from './types.js';
export {
  AUTHORIZATION_PARAM_NAMES,
  BRIDGE_CONNECT,
  BROKER_EVENTS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
  okReply,
} from './bridge/index.js';
export type {
  BodyEncoding,
  BridgeConnect,
  BridgeState,
  BrokerAccountSummary,
  BrokerAuthorizationParams,
  BrokerEvent,
  BrokerEventName,
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
  AccountOption,
  BeginAuthorizationOptions,
  CodeFlowClient,
  CreateClientOptions,
  DeviceAuthorization,
  GetAccessTokenOptions,
  LatchkeyClient,
  LatchkeyEvent,
  SignOutOptions,
  SignOutResult,
} from './client-types.js';
export type {
  CurrentAccountRecord,
  GrantRecord,
  LatchkeyStorage,
  LogRecord,
  TokenRecord,
  TransactionRecord,
} from './storage/types.js';
export {
  base64ToBytes,
  bytesToBase64,
  isLoopbackHost,
  MAX_FETCH_BODY_BYTES,
  MAX_FETCH_BODY_CHARS,
  MAX_REQUEST_CHARS,
  isRequestShaped,
  originAllowed,
  originMatchPattern,
  parseBrokerRequest,
  parseOrigin,
  readRequestId,
  webOrigin,
} from './bridge/index.js';
export { createClient, createCodeFlowClient } from './client.js';
export type { ResourceRequest } from './resource/resource-request.js';
export { accessTokenHeader } from './resource/token-header.js';
export type { DpopSupport } from './dpop/dpop.js';
export {
  validateProviderConfig,
  validateProviderConfigs,
  normalizeScopes,
  DEFAULT_MAX_TOKEN_LENGTH,
  RESERVED_AUTH_PARAMS,
  RESERVED_TOKEN_PARAMS,
} from './config/validate-provider-config.js';
export { isLoopbackUrl, isSecureOrLoopback } from './config/loopback.js';
export {
  DEFAULT_ID_TOKEN_SIGNING_ALGS,
  ID_TOKEN_SIGNING_ALGS,
  PROVIDER_FIELDS,
} from './config/provider-fields.js';
export type {
  ProviderField,
  ProviderFieldKind,
  ProviderFieldName,
} from './config/provider-fields.js';
export { parseJsonPath } from './config/json-path.js';
export type { JsonPathSegment } from './config/json-path.js';
export { openIdbStorage } from './storage/idb-storage.js';
export type { IdbStorageOptions } from './storage/idb-storage.js';
export { openSessionReader } from './storage/session-reader.js';
export type { SessionReader } from './storage/session-reader.js';
export { mapTokenResponse, readJsonPath } from './tokens/map-token-response.js';
export { authorityOf, DEFAULT_MIN_VALIDITY, readCachedToken } from './tokens/read-cached.js';
export { TRANSACTION_TTL_MS } from './authorization/begin-authorization.js';
