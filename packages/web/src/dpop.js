import { dpopSupport } from '@latchkey/core/dpop';
import { createLatchkeyWith } from './create-latchkey.js';
export * from './index.js';
/**
 * `@latchkey/web/dpop`: everything `@latchkey/web` has, and page mode that also serves providers
 * with `dpop: true` (RFC 9449): a non-extractable key per session in this origin's IndexedDB, and a
 * proof on every token, userinfo and `fetch` request. A separate entry because DPoP's signing
 * costs about 3 KB gzipped that apps without such a provider should not load.
 * @see DESIGN.md "The public surface"
 */
export function createLatchkey(options) {
    return createLatchkeyWith(options, dpopSupport);
}
