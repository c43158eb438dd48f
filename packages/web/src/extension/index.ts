import { LatchkeyError } from '@latchkey/core/base';
import type { Latchkey } from '../types.js';
import { createExtensionLatchkey } from './extension-latchkey.js';
import type { ExtensionLatchkeyOptions } from './extension-latchkey.js';

/**
 * `@latchkey/web/extension`: the extension client alone, for apps that require the Latchkey extension.
 * Rejects with `unsupported` when the extension does not answer.
 */
export async function connectExtension(options?: ExtensionLatchkeyOptions): Promise<Latchkey> {
  const latchkey = await createExtensionLatchkey(options);
  if (!latchkey)
    throw new LatchkeyError(
      'unsupported',
      'The Latchkey extension is not installed or does not answer',
    );
  return latchkey;
}

export { LatchkeyError } from '@latchkey/core/base';
export type { LatchkeyErrorCode, PageTokenInfo, ProviderSummary } from '@latchkey/core';
export type { ExtensionLatchkeyOptions } from './extension-latchkey.js';
export type {
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
  LatchkeyMode,
  RedirectCallbackResult,
  SignInOptions,
} from '../types.js';
