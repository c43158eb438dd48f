// First: quiets oidc-provider's known development-only notices before it loads.
import './dev-notices.js';
export { startDevIdp } from './dev-idp.js';
export type { DevIdp, DevIdpOptions } from './dev-idp.js';
export { DevIdpRequestLog } from './request-log.js';
export type { DevIdpRequestEntry } from './request-log.js';
export type { DevIdpEndpoint, TamperAction, TamperContext, TamperHook } from './tamper.js';
