import type { AuthorizationParams } from '../types.js';

const NAMES = [
  'prompt',
  'loginHint',
  'audience',
  'resource',
  'acrValues',
  'maxAge',
  'uiLocales',
] as const satisfies readonly (keyof AuthorizationParams)[];

/** The {@link AuthorizationParams} fields of `options` that are set (core checks their values). */
export function authorizationParams(options: AuthorizationParams): AuthorizationParams {
  const out: Record<string, unknown> = {};
  for (const name of NAMES) if (options[name] !== undefined) out[name] = options[name];
  return out as AuthorizationParams;
}
