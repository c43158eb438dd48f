import {
  unwrap,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';

import type {
  CurrentAccountRecord,
  GrantRecord,
  LogRecord,
  ServerMetadataRecord,
  TokenRecord,
  TransactionRecord,
} from './types.js';

/** The IndexedDB database `latchkey`, as of {@link DB_VERSION}. */
export interface LatchkeyDB extends DBSchema {
  providers: { key: string; value: { id: string; config: unknown } };
  transactions: { key: string; value: TransactionRecord; indexes: { createdAt: number } };
  /**
   * Since version 3: the sessions, one per provider and account (`sub`, `''` without an id_token),
   * indexed by provider.
   */
  sessions: {
    key: [string, string];
    value: TokenRecord;
    indexes: { provider: string };
  };
  /** Since version 3: the current account of each provider that has a session. */
  current: { key: string; value: CurrentAccountRecord };
  grants: { key: [string, string]; value: GrantRecord; indexes: { origin: string } };
  log: { key: number; value: LogRecord };
  /** Since version 2: discovered authorization server metadata, by issuer. */
  metadata: { key: string; value: ServerMetadataRecord };
}

/**
 * Every store any version had, as the migrations see them: {@link LatchkeyDB} and the stores a later
 * version removed.
 */
export interface MigratingDB extends LatchkeyDB {
  /** Versions 1–2: one session per provider, keyed by provider id. Moved to `sessions` by version 3. */
  tokens: { key: string; value: TokenRecord };
}

type Migration = (
  db: IDBPDatabase<MigratingDB>,
  tx: IDBPTransaction<MigratingDB, StoreNames<MigratingDB>[], 'versionchange'>,
) => void;

/**
 * Ordered migrations: entry `i` takes the database from version `i` to `i + 1`. Append only; never
 * edit a migration that has shipped. A migration runs synchronously; one that moves records does it
 * in request callbacks, inside the same upgrade transaction (so nothing is lost if it aborts), and
 * a later migration reading those records must wait for them the same way.
 */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('providers', { keyPath: 'id' });
    db.createObjectStore('transactions', { keyPath: 'state' }).createIndex(
      'createdAt',
      'createdAt',
    );
    db.createObjectStore('tokens', { keyPath: 'provider' });
    db.createObjectStore('grants', { keyPath: ['origin', 'provider'] }).createIndex(
      'origin',
      'origin',
    );
    db.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
  },
  (db) => {
    db.createObjectStore('metadata', { keyPath: 'issuer' });
  },
  // 3: several accounts per provider. Each session moves from `tokens` (keyed by provider) to
  // `sessions` (keyed by provider and account) and becomes its provider's current account; then
  // `tokens` goes. The record itself is unchanged (it always carried `account`).
  (db, tx) => {
    db.createObjectStore('sessions', { keyPath: ['provider', 'account'] }).createIndex(
      'provider',
      'provider',
    );
    db.createObjectStore('current', { keyPath: 'provider' });
    // Raw requests: each step runs in the previous one's callback, while the upgrade is active.
    const raw = unwrap(tx);
    const sessions = raw.objectStore('sessions');
    const current = raw.objectStore('current');
    const cursorRequest = raw.objectStore('tokens').openCursor();
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) {
        db.deleteObjectStore('tokens');
        return;
      }
      const record = cursor.value as Partial<TokenRecord>;
      const provider = typeof record.provider === 'string' ? record.provider : String(cursor.key);
      const account = typeof record.account === 'string' ? record.account : '';
      sessions.put({ ...record, provider, account });
      current.put({ provider, account } satisfies CurrentAccountRecord);
      cursor.continue();
    };
  },
];

// The version lives with the store names (./session-reader.ts), which page mode loads without the
// migrations; a test checks it is `MIGRATIONS.length`.
export { DB_VERSION } from './session-reader.js';
