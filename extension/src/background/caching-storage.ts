import type { GrantRecord, LatchkeyStorage, TokenRecord } from '@latchkey/core';

/**
 * A write-through cache over core's IndexedDB storage for the records a cached `getToken` reads
 * (tokens, grants, providers). IndexedDB stays the truth: every write goes there first, and the cache
 * dies with the worker. Sound because this worker is the only writer of the extension's database
 * (the extension's pages go through the internal protocol). Transactions and the log are not cached:
 * `takeTransaction` must stay atomic in IndexedDB.
 */
export function cachingStorage(inner: LatchkeyStorage): LatchkeyStorage {
  const tokens = new Map<string, TokenRecord | undefined>();
  const grants = new Map<string, GrantRecord | undefined>();
  let providers: unknown[] | undefined;
  // Bumped by every write: a read that started before a write must not cache what it read.
  let generation = 0;
  const grantKey = (origin: string, provider: string): string => `${origin}\n${provider}`;

  return {
    putTransaction: (r) => inner.putTransaction(r),
    takeTransaction: (s) => inner.takeTransaction(s),
    pruneTransactions: (t) => inner.pruneTransactions(t),

    async getTokens(provider) {
      if (tokens.has(provider)) return tokens.get(provider);
      const g = generation;
      const record = await inner.getTokens(provider);
      if (g === generation) tokens.set(provider, record);
      return record;
    },
    async putTokens(record) {
      generation++;
      tokens.delete(record.provider);
      await inner.putTokens(record);
      tokens.set(record.provider, record);
    },
    async deleteTokens(provider) {
      generation++;
      tokens.delete(provider);
      await inner.deleteTokens(provider);
      tokens.set(provider, undefined);
    },

    async getGrant(origin, provider) {
      const key = grantKey(origin, provider);
      if (grants.has(key)) return grants.get(key);
      const g = generation;
      const record = await inner.getGrant(origin, provider);
      if (g === generation) grants.set(key, record);
      return record;
    },
    async putGrant(record) {
      const key = grantKey(record.origin, record.provider);
      generation++;
      grants.delete(key);
      await inner.putGrant(record);
      grants.set(key, record);
    },
    async deleteGrant(origin, provider) {
      const key = grantKey(origin, provider);
      generation++;
      grants.delete(key);
      await inner.deleteGrant(origin, provider);
      grants.set(key, undefined);
    },
    listGrants: (origin) => inner.listGrants(origin),

    async getProviders() {
      if (providers) return providers;
      const g = generation;
      const list = await inner.getProviders();
      if (g === generation) providers = list;
      return list;
    },
    async putProviders(configs) {
      generation++;
      providers = undefined;
      await inner.putProviders(configs);
      providers = configs;
    },

    appendLog: (r) => inner.appendLog(r),
    readLog: (n) => inner.readLog(n),
    close: () => inner.close(),
  };
}
