export { PROTOCOL_VERSION } from './protocol.js';
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
} from './protocol.js';
