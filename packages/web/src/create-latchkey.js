import { LatchkeyError } from '@latchkey/core';
import { createExtensionLatchkey } from './extension/extension-latchkey.js';
import { PageLatchkey } from './page/page-latchkey.js';
/**
 * One call to a token, with or without the extension. In `auto` mode (the default) it says `hello`
 * to the Latchkey extension and uses it when it answers within `helloTimeout`; otherwise core runs in
 * this page. Call `handleRedirectCallback()` on the result once on load.
 * @see DESIGN.md "The public surface"
 */
export function createLatchkey(options) {
    return createLatchkeyWith(options);
}
/** {@link createLatchkey}, with DPoP support for page mode when `dpop` is given. */
export async function createLatchkeyWith(options, dpop) {
    const mode = options.mode ?? 'auto';
    if (mode !== 'page') {
        const latchkey = await createExtensionLatchkey(options);
        if (latchkey)
            return latchkey;
        if (mode === 'extension') {
            throw new LatchkeyError('unsupported', 'The Latchkey extension is not installed or does not answer');
        }
    }
    const bound = options.providers.find((p) => p.dpop);
    if (bound && !dpop) {
        throw new LatchkeyError('config_invalid', `Provider config: dpop of ${bound.id} needs page mode with DPoP: import createLatchkey from '@latchkey/web/dpop'`);
    }
    return new PageLatchkey(options, dpop);
}
