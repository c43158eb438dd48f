export { startEmulation } from './emulation-server.js';
export type { Emulation, EmulationOptions } from './emulation-server.js';
export type { EmulatedProviderConfig, PlatformSpec } from './platform.js';
export { robloxPlatform, startRobloxEmulation } from './roblox.js';
export type { RobloxEmulation } from './roblox.js';
export { bipsyncPlatform, startBipsyncEmulation } from './bipsync.js';
export type { BipsyncEmulation } from './bipsync.js';
export {
  B64TOKEN_CHARS,
  BIXBY_MAX_TOKEN_LENGTH,
  bixbyPlatform,
  maximalB64Token,
  startBixbyEmulation,
} from './bixby.js';
export type { BixbyEmulation } from './bixby.js';
export {
  CAPACITY_LOGO_URI,
  CAPACITY_TOKEN_HEADER,
  capacityPlatform,
  startCapacityEmulation,
} from './capacity.js';
export type { CapacityEmulation } from './capacity.js';
