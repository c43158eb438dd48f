/**
 * `@latchkey/core/dpop`: RFC 9449 DPoP and protected resource requests for `createCodeFlowClient`,
 * a separate entry so that only apps with a `dpop` provider bundle it.
 */
export { dpopSupport } from './dpop-support.js';
