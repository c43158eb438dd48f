import { DEFAULT_MIN_VALIDITY } from '@latchkey/core/base';
import type { PageTokenInfo } from '@latchkey/core/base';

/**
 * The in-memory copy of each provider's current access token, so that a cached `getToken` touches
 * neither IndexedDB nor the extension. Invariant: an entry is dropped as soon as it is known stale
 * (expiry, another tab's change, a broker push); it is never served later than core would serve it
 * from storage: until `expiresAt - minValidity`, or, for a token set with its `lifetime`, until
 * half that lifetime before expiry when `minValidity` is more (core's margin, `isFresh`).
 */
export interface TokenCache {
  /** The cached token when it carries `scopes` and stays valid `minValidity` seconds more. */
  get(provider: string, scopes?: string[], minValidity?: number): PageTokenInfo | undefined;
  /** `lifetime`: the token's lifetime when issued, milliseconds, if known. */
  set(info: PageTokenInfo, lifetime?: number): void;
  /** Drops one provider's token, or every token. */
  drop(provider?: string): void;
}

export function createTokenCache(): TokenCache {
  const entries = new Map<string, { info: PageTokenInfo; lifetime?: number }>();
  return {
    get(provider, scopes, minValidity = DEFAULT_MIN_VALIDITY) {
      const entry = entries.get(provider);
      if (!entry) return undefined;
      const { info, lifetime = Infinity } = entry;
      // Core's margin (`isFresh`): `minValidity`, but never more than half the token's lifetime.
      const margin = Math.min(minValidity > 0 ? minValidity * 1000 : 0, lifetime / 2);
      if (info.expiresAt !== undefined && info.expiresAt - margin <= Date.now()) {
        entries.delete(provider);
        return undefined;
      }
      return !scopes || scopes.every((s) => info.scopes.includes(s)) ? info : undefined;
    },
    set: (info, lifetime) =>
      void entries.set(
        info.provider,
        // Only a positive lifetime narrows the margin (a message from another tab is checked too).
        lifetime !== undefined && lifetime > 0 ? { info, lifetime } : { info },
      ),
    drop: (provider) => (provider === undefined ? entries.clear() : void entries.delete(provider)),
  };
}

/** `object` without its `undefined` properties (a message must not carry them: exactOptionalPropertyTypes). */
export const compact = <T extends object>(object: T): Compact<T> =>
  Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as Compact<T>;

type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
