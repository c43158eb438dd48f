export {
  BRIDGE_CONNECT,
  BROKER_EVENTS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
} from './protocol.js';
export type {
  BridgeConnect,
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
export { MAX_FETCH_BODY_CHARS, MAX_REQUEST_CHARS, MAX_SCOPES, MAX_URL_CHARS } from './limits.js';
