export { createLatchkey } from './create-latchkey.js';
export { LatchkeyError, isLatchkeyError } from '@latchkey/core/base';
export type {
  LatchkeyErrorCode,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';
export type {
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
  LatchkeyMode,
  RedirectCallbackResult,
  SignInOptions,
} from './types.js';
