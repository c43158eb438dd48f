import { LatchkeyError } from '@latchkey/core/base';
import type { DpopSupport } from '@latchkey/core';
import { detectExtension } from './extension/detect-extension.js';
import type { EventSink } from './extension/transport.js';
import { PageEntry, loadFailed } from './page/page-entry.js';
import type { CreateLatchkeyOptions, Latchkey } from './types.js';

/**
 * One call to a token, with or without the extension. In `auto` mode (the default) it says `hello`
 * to the Latchkey extension and uses it when it answers within `helloTimeout`; otherwise core runs in
 * this page. Call `handleRedirectCallback()` on the result once on load.
 * @see packages/web/README.md
 */
export function createLatchkey(options: CreateLatchkeyOptions): Promise<Latchkey> {
  return createLatchkeyWith(options);
}

/**
 * {@link createLatchkey}, with DPoP support for page mode when `dpop` (its loader) is given. Page mode
 * answers a valid stored token at once and loads the rest on first need (see `PageEntry`).
 */
export async function createLatchkeyWith(
  options: CreateLatchkeyOptions,
  dpop?: () => Promise<DpopSupport>,
): Promise<Latchkey> {
  const mode = options.mode ?? 'auto';
  if (mode !== 'page') {
    // Only `hello` is loaded up front; the extension client once the extension has answered.
    let sink: EventSink = () => {};
    const transport = await detectExtension(options, (event) => sink(event));
    if (transport) {
      const loaded = await import('./extension/extension-latchkey.js').catch((cause: unknown) => {
        transport.close();
        throw loadFailed(cause);
      });
      return loaded.extensionLatchkey(transport, options, (s) => (sink = s));
    }
    if (mode === 'extension') {
      throw new LatchkeyError(
        'unsupported',
        'The Latchkey extension is not installed or does not answer',
      );
    }
  }
  const bound = options.providers.find((p) => p.dpop);
  if (bound && !dpop) {
    throw new LatchkeyError(
      'config_invalid',
      `Provider config: dpop of ${bound.id} needs page mode with DPoP: import createLatchkey from '@latchkey/web/dpop'`,
    );
  }
  return new PageEntry(options, dpop);
}
