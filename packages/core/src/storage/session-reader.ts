import type { TokenRecord } from './types.js';

/**
 * The names and the one rule that both {@link openIdbStorage} and {@link openSessionReader} read a
 * session by: the database, its version, the two stores and the current-account lookup. This module
 * holds no migration and does not import `idb`, so that page mode can read a stored session before
 * it loads the rest of core's storage.
 */

/** The database's default name. */
export const DB_NAME = 'latchkey';
/** The schema version; `MIGRATIONS` (./schema.ts) has one entry per version. */
export const DB_VERSION = 3;
/** The sessions, keyed by `[provider, account]`. */
export const SESSIONS = 'sessions';
/** Each provider's current account, keyed by provider. */
export const CURRENT = 'current';

const result = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * The session of `provider`'s `account`, or of its current account when `account` is left out, in
 * `tx` (a transaction over {@link SESSIONS} and {@link CURRENT}). Without `account`, the current
 * account and the provider's sessions are asked for at once: one round trip to the database, not
 * one for the account and then one for its session.
 */
export function readSession(
  tx: IDBTransaction,
  provider: string,
  account?: string,
): Promise<TokenRecord | undefined> {
  const sessions = tx.objectStore(SESSIONS);
  if (account !== undefined) return result(sessions.get([provider, account]));
  return Promise.all([
    result<{ account?: string } | undefined>(tx.objectStore(CURRENT).get(provider)),
    // Every `[provider, account]` key: an array sorts after any string (IndexedDB key order).
    result<TokenRecord[]>(sessions.getAll(IDBKeyRange.bound([provider], [provider, []]))),
  ]).then(([current, records]) => {
    const which = current?.account;
    return which === undefined ? undefined : records.find((r) => r.account === which);
  });
}

/** Reads the current account's session of a provider; {@link openSessionReader}. */
export interface SessionReader {
  /** The current account's session of `provider`, as `LatchkeyStorage.getTokens` reads it. */
  getTokens(provider: string): Promise<TokenRecord | undefined>;
  /** Closes the connection, if one is open. */
  close(): void;
}

/**
 * A read-only view of the database {@link openIdbStorage} writes, that never creates nor upgrades
 * it: it opens the database at whatever version it has, and reads only when that is
 * {@link DB_VERSION}. A database that does not exist yet is not created (the upgrade that opening
 * it would start is aborted, so that the full storage later creates it with every migration), and
 * one at another version is closed unread: in both cases `getTokens` gives `undefined`, and the
 * caller takes the full path. The connection closes when another context upgrades the database.
 */
export function openSessionReader(name = DB_NAME): SessionReader {
  let opening: Promise<IDBDatabase | undefined> | undefined;
  const open = () =>
    (opening ??= new Promise<IDBDatabase | undefined>((resolve) => {
      const request = indexedDB.open(name);
      // No such database: create nothing (an empty version-1 database would skip the migrations).
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onerror = () => {
        opening = undefined;
        resolve(undefined);
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        if (db.version === DB_VERSION) return resolve(db);
        db.close();
        opening = undefined;
        resolve(undefined);
      };
    }));
  return {
    async getTokens(provider) {
      const db = await open();
      return db && readSession(db.transaction([SESSIONS, CURRENT]), provider);
    },
    close() {
      void opening?.then((db) => db?.close());
      opening = undefined;
    },
  };
}
