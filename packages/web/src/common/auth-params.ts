import type { AUTHORIZATION_PARAM_NAMES } from '@latchkey/core';
import type { AuthorizationParams } from '../types.js';

/**
 * Core's `AUTHORIZATION_PARAM_NAMES`, written out again: importing the list from core puts about
 * 370 B more of core into page mode's chunks (measured with `npm run bench`). The type below fails
 * to compile when the two lists differ.
 */
const NAMES = [
  'prompt',
  'loginHint',
  'audience',
  'resource',
  'acrValues',
  'maxAge',
  'uiLocales',
] as const satisfies readonly (keyof AuthorizationParams)[];
type CoreName = (typeof AUTHORIZATION_PARAM_NAMES)[number];
type Name = (typeof NAMES)[number];
true satisfies [Exclude<CoreName, Name> | Exclude<Name, CoreName>] extends [never] ? true : never;

/** The {@link AuthorizationParams} fields of `options` that are set (core checks their values). */
export function authorizationParams(options: AuthorizationParams): AuthorizationParams {
  const out: Record<string, unknown> = {};
  for (const name of NAMES) if (options[name] !== undefined) out[name] = options[name];
  return out as AuthorizationParams;
}
