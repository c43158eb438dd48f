export { startDevIdp } from './dev-idp.js';
export type { DevIdp, DevIdpOptions } from './dev-idp.js';
export { DevIdpRequestLog } from './request-log.js';
export type { DevIdpRequestEntry } from './request-log.js';
export type { DevIdpEndpoint, TamperAction, TamperContext, TamperHook } from './tamper.js';
export {
  B64TOKEN_CHARS,
  BIXBY_MAX_TOKEN_LENGTH,
  CAPACITY_LOGO_URI,
  CAPACITY_TOKEN_HEADER,
  maximalB64Token,
  startBipsyncEmulation,
  startBixbyEmulation,
  startCapacityEmulation,
  startEmulation,
  startRobloxEmulation,
} from './emulations/index.js';
export type {
  BipsyncEmulation,
  BixbyEmulation,
  CapacityEmulation,
  EmulatedProviderConfig,
  Emulation,
  EmulationOptions,
  PlatformSpec,
  RobloxEmulation,
} from './emulations/index.js';
