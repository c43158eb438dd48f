/**
 * `@latchkey/core/encoding`: base64 for `fetch` bodies that cross the page ↔ extension bridge
 * (`bodyEncoding: 'base64'`), apart from `@latchkey/core/base` so that a page loads it only with the
 * code that sends such bodies. The same functions are exported by `@latchkey/core`.
 */
export { BASE64, base64ToBytes, bytesToBase64 } from './bridge/body-encoding.js';
export type { BodyEncoding } from './bridge/body-encoding.js';
