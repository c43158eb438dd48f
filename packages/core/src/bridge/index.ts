export { AUTHORIZATION_PARAM_NAMES } from './param-names.js';
export {
  BRIDGE_CONNECT,
  BROKER_EVENTS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
  okReply,
} from './protocol.js';
export type {
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
} from './protocol.js';
export { isRequestShaped, parseBrokerRequest, readRequestId } from './validate.js';
export {
  isLoopbackHost,
  originAllowed,
  originMatchPattern,
  parseOrigin,
  webOrigin,
} from './origin.js';
export { BASE64, base64ToBytes, bytesToBase64 } from './body-encoding.js';
export type { BodyEncoding } from './body-encoding.js';
export {
  MAX_FETCH_BODY_BYTES,
  MAX_FETCH_BODY_CHARS,
  MAX_REQUEST_CHARS,
  MAX_SCOPES,
  MAX_URL_CHARS,
} from './limits.js';
