import type { PageTokenInfo } from '@latchkey/core';

/** Default seconds a cached token must still be valid for (as core's `minValidity`). */
export const DEFAULT_MIN_VALIDITY = 30;

/**
 * The in-memory copy of each provider's current access token, so that a cached `getToken` touches
 * neither IndexedDB nor the extension. Invariant: an entry is dropped as soon as it is known stale
 * (expiry, another tab's change, a broker push); it is never served past `expiresAt - minValidity`.
 */
export interface TokenCache {
  /** The cached token when it carries `scopes` and stays valid `minValidity` seconds more. */
  get(provider: string, scopes?: string[], minValidity?: number): PageTokenInfo | undefined;
  set(info: PageTokenInfo): void;
  /** Drops one provider's token, or every token. */
  drop(provider?: string): void;
}

export function createTokenCache(): TokenCache {
  const entries = new Map<string, PageTokenInfo>();
  return {
    get(provider, scopes, minValidity = DEFAULT_MIN_VALIDITY) {
      const entry = entries.get(provider);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt - minValidity * 1000 <= Date.now()) {
        entries.delete(provider);
        return undefined;
      }
      return !scopes || scopes.every((s) => entry.scopes.includes(s)) ? entry : undefined;
    },
    set: (info) => void entries.set(info.provider, info),
    drop: (provider) => (provider === undefined ? entries.clear() : void entries.delete(provider)),
  };
}

/** `object` without its `undefined` properties (a message must not carry them: exactOptionalPropertyTypes). */
export const compact = <T extends object>(object: T): Compact<T> =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Compact<T>;

type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
