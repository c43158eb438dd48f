import { LatchkeyError } from '@latchkey/core';
import { createExtensionLatchkey } from './extension/extension-latchkey.js';
import { PageLatchkey } from './page/page-latchkey.js';
import type { CreateLatchkeyOptions, Latchkey } from './types.js';

/**
 * One call to a token, with or without the extension. In `auto` mode (the default) it says `hello`
 * to the Latchkey extension and uses it when it answers within `helloTimeout`; otherwise core runs in
 * this page. Call `handleRedirectCallback()` on the result once on load.
 * @see DESIGN.md "The public surface"
 */
export async function createLatchkey(options: CreateLatchkeyOptions): Promise<Latchkey> {
  const mode = options.mode ?? 'auto';
  if (mode !== 'page') {
    const latchkey = await createExtensionLatchkey(options);
    if (latchkey) return latchkey;
    if (mode === 'extension') {
      throw new LatchkeyError(
        'unsupported',
        'The Latchkey extension is not installed or does not answer',
      );
    }
  }
  return new PageLatchkey(options);
}
