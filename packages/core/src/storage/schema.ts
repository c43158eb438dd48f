import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';

import type {
  GrantRecord,
  LogRecord,
  ServerMetadataRecord,
  TokenRecord,
  TransactionRecord,
} from './types.js';

/** The IndexedDB database `latchkey`. */
export interface LatchkeyDB extends DBSchema {
  providers: { key: string; value: { id: string; config: unknown } };
  transactions: { key: string; value: TransactionRecord; indexes: { createdAt: number } };
  tokens: { key: string; value: TokenRecord };
  grants: { key: [string, string]; value: GrantRecord; indexes: { origin: string } };
  log: { key: number; value: LogRecord };
  /** Since version 2: discovered authorization server metadata, by issuer. */
  metadata: { key: string; value: ServerMetadataRecord };
}

type Migration = (
  db: IDBPDatabase<LatchkeyDB>,
  tx: IDBPTransaction<LatchkeyDB, StoreNames<LatchkeyDB>[], 'versionchange'>,
) => void;

/**
 * Ordered migrations: entry `i` takes the database from version `i` to `i + 1`. Append only; never
 * edit a migration that has shipped.
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
];

export const DB_VERSION = MIGRATIONS.length;
