import type { BrokerAuthorizationParams } from './protocol.js';
/**
 * The names of {@link BrokerAuthorizationParams}, one list for every layer that forwards them (the
 * broker's sign-in and page API, `@latchkey/web`'s extension and page modes).
 */
export const AUTHORIZATION_PARAM_NAMES = [
  'prompt',
  'loginHint',
  'audience',
  'resource',
  'acrValues',
  'maxAge',
  'uiLocales',
] as const satisfies readonly (keyof BrokerAuthorizationParams)[];
