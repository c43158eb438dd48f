export { createLatchkey } from './create-latchkey.js';
export { LatchkeyError, isLatchkeyError, validateProviderConfig } from '@latchkey/core';
export type {
  LatchkeyErrorCode,
  PageTokenInfo,
  ProviderConfig,
  ProviderSummary,
} from '@latchkey/core';
export type {
  AccountOption,
  AccountSummary,
  AuthorizationParams,
  CreateLatchkeyOptions,
  GetTokenOptions,
  Latchkey,
  LatchkeyEventName,
  LatchkeyEvents,
  LatchkeyMode,
  LatchkeyRequestInit,
  RedirectCallbackResult,
  SignInOptions,
  SignOutOptions,
} from './types.js';
