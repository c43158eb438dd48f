import { LatchkeyError } from '@latchkey/core';
import { createExtensionLatchkey } from './extension-latchkey.js';
/**
 * `@latchkey/web/extension`: the extension client alone, for apps that require the Latchkey extension.
 * Rejects with `unsupported` when the extension does not answer.
 */
export async function connectExtension(options) {
    const latchkey = await createExtensionLatchkey(options);
    if (!latchkey)
        throw new LatchkeyError('unsupported', 'The Latchkey extension is not installed or does not answer');
    return latchkey;
}
export { LatchkeyError } from '@latchkey/core';
