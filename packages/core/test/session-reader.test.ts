import 'fake-indexeddb/auto';

import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';

import { openIdbStorage, openSessionReader, type TokenRecord } from '../src/index.js';
import { DB_VERSION } from '../src/storage/schema.js';
import { writeV2Database } from './fixtures/schema-v2.js';

// The read-only reader page mode answers its first `getToken` with, over a real IndexedDB
// (fake-indexeddb): it reads the current account's session of a database at today's version, and
// never creates nor upgrades one (the full storage must find it as it was, to run the migrations).
let n = 0;
const dbName = () => `session-reader-${process.pid}-${++n}`;

const record = (account: string, updatedAt = 1): TokenRecord => ({
  provider: 'p',
  account,
  accessToken: `at-${account}`,
  tokenType: 'Bearer',
  scopes: ['openid'],
  updatedAt,
});

const exists = async (name: string) => (await indexedDB.databases()).some((db) => db.name === name);

describe('openSessionReader', () => {
  it("reads the current account's session of a database at today's version", async () => {
    const name = dbName();
    const storage = openIdbStorage({ name });
    await storage.putTokens(record('alice'));
    await storage.putTokens(record('bob', 2));
    const reader = openSessionReader(name);
    // Alice signed in first and stays current until another account is selected.
    expect(await reader.getTokens('p')).toEqual(await storage.getTokens('p'));
    expect((await reader.getTokens('p'))?.account).toBe('alice');
    await storage.setCurrentAccount('p', 'bob');
    expect((await reader.getTokens('p'))?.account).toBe('bob');
    expect(await reader.getTokens('other')).toBeUndefined();
    reader.close();
    storage.close();
  });

  it('creates no database where there is none, and the full storage then creates it whole', async () => {
    const name = dbName();
    const reader = openSessionReader(name);
    expect(await reader.getTokens('p')).toBeUndefined();
    expect(await reader.getTokens('p')).toBeUndefined();
    reader.close();
    expect(await exists(name)).toBe(false);

    const storage = openIdbStorage({ name });
    await storage.putTokens(record('alice'));
    expect((await storage.getTokens('p'))?.account).toBe('alice');
    storage.close();
    const db = await openDB(name);
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('leaves a database of an older version as it is, for the full storage to migrate', async () => {
    const name = dbName();
    const v2 = { ...record('alice'), refreshToken: 'rt' };
    await writeV2Database(name, { tokens: [v2] });
    const reader = openSessionReader(name);
    expect(await reader.getTokens('p')).toBeUndefined();
    reader.close();
    const db = await openDB(name);
    expect(db.version).toBe(2);
    expect([...db.objectStoreNames]).toContain('tokens');
    db.close();

    const storage = openIdbStorage({ name });
    expect(await storage.getTokens('p')).toEqual(v2);
    storage.close();
    expect(await openSessionReader(name).getTokens('p')).toEqual(v2);
  });

  it('steps aside when another context upgrades the database', async () => {
    const name = dbName();
    const storage = openIdbStorage({ name });
    await storage.putTokens(record('alice'));
    storage.close();
    const reader = openSessionReader(name);
    expect((await reader.getTokens('p'))?.account).toBe('alice');
    // A newer version's upgrade is not blocked by the reader's open connection.
    const newer = await openDB(name, DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    // And the reader does not read a version it does not know.
    expect(await reader.getTokens('p')).toBeUndefined();
    reader.close();
  });
});
