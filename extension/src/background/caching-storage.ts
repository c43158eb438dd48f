import type { GrantRecord, LatchkeyStorage, TokenRecord } from '@latchkey/core';

/**
 * A write-through cache over core's IndexedDB storage for the records a cached `getToken` reads
 * (tokens, grants, providers). IndexedDB stays the truth: every write goes there first, and the cache
 * dies with the worker. Sound because this worker is the only writer of the extension's database
 * (the extension's pages go through the internal protocol). Transactions and the log are not cached:
 * `takeTransaction` must stay atomic in IndexedDB.
 */
export function cachingStorage(inner: LatchkeyStorage): LatchkeyStorage {
  // Sessions by provider and account, and the current account's session by provider.
  const tokens = new Map<string, TokenRecord | undefined>();
  const current = new Map<string, TokenRecord | undefined>();
  const grants = new Map<string, GrantRecord | undefined>();
  let providers: unknown[] | undefined;
  // Bumped by every write: a read that started before a write must not cache what it read.
  let generation = 0;
  const grantKey = (origin: string, provider: string): string => `${origin}\n${provider}`;
  const tokenKey = (provider: string, account: string): string => `${provider}\n${account}`;
  const forgetProvider = (provider: string) => {
    current.delete(provider);
    for (const key of [...tokens.keys()]) if (key.startsWith(`${provider}\n`)) tokens.delete(key);
  };

  return {
    putTransaction: (r) => inner.putTransaction(r),
    takeTransaction: (s) => inner.takeTransaction(s),
    pruneTransactions: (t) => inner.pruneTransactions(t),

    async getTokens(provider, account) {
      const cache = account === undefined ? current : tokens;
      const key = account === undefined ? provider : tokenKey(provider, account);
      if (cache.has(key)) return cache.get(key);
      const g = generation;
      const record = await inner.getTokens(provider, account);
      if (g === generation) cache.set(key, record);
      return record;
    },
    listTokens: (provider) => inner.listTokens(provider),
    async putTokens(record, options) {
      const { provider, account } = record;
      generation++;
      const known = current.has(provider);
      const before = current.get(provider);
      tokens.delete(tokenKey(provider, account));
      current.delete(provider);
      await inner.putTokens(record, options);
      tokens.set(tokenKey(provider, account), record);
      // The record is the current account's when it was, or was made so, or there was none.
      if (known && (options?.makeCurrent || !before || before.account === account))
        current.set(provider, record);
    },
    async deleteTokens(provider, account) {
      generation++;
      forgetProvider(provider);
      await inner.deleteTokens(provider, account);
      if (account !== undefined) tokens.set(tokenKey(provider, account), undefined);
      else current.set(provider, undefined);
    },
    getCurrentAccount: (provider) => inner.getCurrentAccount(provider),
    async setCurrentAccount(provider, account) {
      generation++;
      current.delete(provider);
      return inner.setCurrentAccount(provider, account);
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
