import { createLatchkeyWith } from './create-latchkey.js';
import type { CreateLatchkeyOptions, Latchkey } from './types.js';

export * from './index.js';

/**
 * `@latchkey/web/dpop`: everything `@latchkey/web` has, and page mode that also serves providers
 * with `dpop: true` (RFC 9449): a non-extractable key per session in this origin's IndexedDB, and a
 * proof on every token, userinfo and `fetch` request. A separate entry because DPoP's signing
 * costs about 3 KB gzipped that apps without such a provider should not load; even here it loads
 * with the rest of page mode, after a valid stored token has been answered.
 * @see packages/web/README.md
 */
export function createLatchkey(options: CreateLatchkeyOptions): Promise<Latchkey> {
  return createLatchkeyWith(options, async () => (await import('@latchkey/core/dpop')).dpopSupport);
}
