import { openDB, unwrap, type IDBPDatabase } from 'idb';

import { LatchkeyError } from '../errors.js';

import { DB_VERSION, MIGRATIONS, type LatchkeyDB, type MigratingDB } from './schema.js';
import { CURRENT, DB_NAME, SESSIONS, readSession } from './session-reader.js';
import type { LatchkeyStorage, LogRecord, TokenRecord } from './types.js';

export interface IdbStorageOptions {
  /** Database name, default `latchkey`. */
  name?: string;
  /** Entries kept in the event log; the oldest go first. Default 500. */
  logLimit?: number;
}

/**
 * Latchkey's storage in IndexedDB through `idb`. The database opens lazily, on first use, and every
 * method is one IndexedDB transaction, so a service worker stopped between two calls loses nothing.
 */
export function openIdbStorage({
  name = DB_NAME,
  logLimit = 500,
}: IdbStorageOptions = {}): LatchkeyStorage {
  let opening: Promise<IDBPDatabase<LatchkeyDB>> | undefined;
  const db = () => {
    if (opening) return opening;
    const open = (opening = openDB<LatchkeyDB>(name, DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, tx) {
        // The migrations also see the stores that later versions removed.
        const migrating = database as unknown as IDBPDatabase<MigratingDB>;
        const migratingTx = tx as unknown as Parameters<(typeof MIGRATIONS)[number]>[1];
        for (let v = oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]!(migrating, migratingTx);
      },
      // Another context upgrades the schema: let it, and reopen on next use.
      blocking() {
        void open.then((d) => d.close());
        forget(open);
      },
      // The browser closed the connection (the site's data was cleared): reopen on next use.
      terminated: () => forget(open),
    }));
    // A failed open is tried again by the next call, not remembered.
    open.catch(() => forget(open));
    return open;
  };
  const forget = (connection: Promise<unknown>) => {
    if (opening === connection) opening = undefined;
  };

  const storage: LatchkeyStorage = {
    async putTransaction(record) {
      await (await db()).put('transactions', record);
    },
    async takeTransaction(state) {
      const tx = (await db()).transaction('transactions', 'readwrite');
      const record = await tx.store.get(state);
      // Read and delete in one transaction: a state is consumed at most once, even when two
      // callbacks race.
      if (record) await tx.store.delete(state);
      await tx.done;
      return record;
    },
    async pruneTransactions(olderThan) {
      const tx = (await db()).transaction('transactions', 'readwrite');
      let cursor = await tx.store
        .index('createdAt')
        .openCursor(IDBKeyRange.upperBound(olderThan, true));
      while (cursor) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    },
    async getTokens(provider, account) {
      // A read-only transaction has nothing to commit: its answer is final once read.
      return readSession(unwrap((await db()).transaction([SESSIONS, CURRENT])), provider, account);
    },
    async listTokens(provider) {
      const d = await db();
      return provider === undefined
        ? d.getAll('sessions')
        : d.getAllFromIndex('sessions', 'provider', provider);
    },
    async putTokens(record, { makeCurrent = false } = {}) {
      const tx = (await db()).transaction(['sessions', 'current'], 'readwrite');
      const current = tx.objectStore('current');
      // Both asked at once (a transaction runs its requests in order): one round trip, not two,
      // before a refresh's tokens can be handed out.
      const [, now] = await Promise.all([
        tx.objectStore('sessions').put(record),
        makeCurrent ? undefined : current.get(record.provider),
      ]);
      if (makeCurrent || !now)
        await current.put({ provider: record.provider, account: record.account });
      await tx.done;
    },
    async deleteTokens(provider, account) {
      const tx = (await db()).transaction(['sessions', 'current'], 'readwrite');
      const sessions = tx.objectStore('sessions');
      const current = tx.objectStore('current');
      if (account === undefined) {
        for (const key of await sessions.index('provider').getAllKeys(provider))
          await sessions.delete(key);
        await current.delete(provider);
      } else {
        await sessions.delete([provider, account]);
        if ((await current.get(provider))?.account === account) {
          const next = latest(await sessions.index('provider').getAll(provider));
          if (next) await current.put({ provider, account: next.account });
          else await current.delete(provider);
        }
      }
      await tx.done;
    },
    async getCurrentAccount(provider) {
      return (await (await db()).get('current', provider))?.account;
    },
    async setCurrentAccount(provider, account) {
      const tx = (await db()).transaction(['sessions', 'current'], 'readwrite');
      const exists = (await tx.objectStore('sessions').count([provider, account])) > 0;
      if (exists) await tx.objectStore('current').put({ provider, account });
      await tx.done;
      return exists;
    },
    async getGrant(origin, provider) {
      return (await db()).get('grants', [origin, provider]);
    },
    async putGrant(record) {
      await (await db()).put('grants', record);
    },
    async deleteGrant(origin, provider) {
      await (await db()).delete('grants', [origin, provider]);
    },
    async listGrants(origin) {
      const d = await db();
      return origin === undefined
        ? d.getAll('grants')
        : d.getAllFromIndex('grants', 'origin', origin);
    },
    async getProviders() {
      return (await (await db()).getAll('providers')).map((p) => p.config);
    },
    async putProviders(configs) {
      const tx = (await db()).transaction('providers', 'readwrite');
      await tx.store.clear();
      for (const config of configs) {
        const id = (config as { id?: unknown }).id;
        if (typeof id === 'string') await tx.store.put({ id, config });
      }
      await tx.done;
    },
    async getServerMetadata(issuer) {
      return (await db()).get('metadata', issuer);
    },
    async putServerMetadata(record) {
      await (await db()).put('metadata', record);
    },
    async appendLog(record) {
      const tx = (await db()).transaction('log', 'readwrite');
      await tx.store.add(record as LogRecord);
      const count = await tx.store.count();
      if (count > logLimit) {
        let cursor = await tx.store.openCursor();
        for (let extra = count - logLimit; cursor && extra > 0; extra--) {
          await cursor.delete();
          cursor = await cursor.continue();
        }
      }
      await tx.done;
    },
    async readLog(limit = 100) {
      const tx = (await db()).transaction('log');
      const out: LogRecord[] = [];
      let cursor = await tx.store.openCursor(null, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      await tx.done;
      return out;
    },
    close() {
      void opening?.then((d) => d.close());
      opening = undefined;
    },
  };
  for (const [name, method] of Object.entries(storage) as [string, Method][]) {
    if (name === 'close') continue;
    (storage as unknown as Record<string, Method>)[name] = async (...args) => {
      try {
        const connection = db();
        try {
          return await method(...args);
        } catch (err) {
          // The connection was closing (nothing read or written: a method is one transaction, and
          // this is the error of its creation): the browser closes it when the site's data is
          // cleared, another context when it upgrades the schema, and a call may come before the
          // `close` or `versionchange` event says so. Once more, on a new connection.
          if ((err as Error | null)?.name !== 'InvalidStateError') throw err;
          forget(connection);
          return await method(...args);
        }
      } catch (cause) {
        // IndexedDB's failures (a full disk, a connection closed during the transaction, no
        // IndexedDB at all) reach the caller as Latchkey's `internal_error`, with the cause.
        throw new LatchkeyError('internal_error', `Storage: ${(cause as Error | null)?.message}`, {
          cause,
        });
      }
    };
  }
  return storage;
}

type Method = (...args: unknown[]) => Promise<unknown>;

/** The most recently updated of `records`, if any. */
function latest(records: TokenRecord[]): TokenRecord | undefined {
  return records.reduce<TokenRecord | undefined>(
    (best, r) => (!best || r.updatedAt > best.updatedAt ? r : best),
    undefined,
  );
}
