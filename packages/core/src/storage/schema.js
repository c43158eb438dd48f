/**
 * Ordered migrations: entry `i` takes the database from version `i` to `i + 1`. Append only; never
 * edit a migration that has shipped.
 */
export const MIGRATIONS = [
    (db) => {
        db.createObjectStore('providers', { keyPath: 'id' });
        db.createObjectStore('transactions', { keyPath: 'state' }).createIndex('createdAt', 'createdAt');
        db.createObjectStore('tokens', { keyPath: 'provider' });
        db.createObjectStore('grants', { keyPath: ['origin', 'provider'] }).createIndex('origin', 'origin');
        db.createObjectStore('log', { keyPath: 'id', autoIncrement: true });
    },
    (db) => {
        db.createObjectStore('metadata', { keyPath: 'issuer' });
    },
];
export const DB_VERSION = MIGRATIONS.length;
