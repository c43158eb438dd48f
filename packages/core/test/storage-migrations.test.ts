import 'fake-indexeddb/auto';

import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';

import { openIdbStorage } from '../src/index.js';
import { DB_VERSION, MIGRATIONS, type LatchkeyDB } from '../src/storage/schema.js';

let n = 0;
const dbName = () => `migrations-${process.pid}-${++n}`;

/** Opens `name` at `version`, running the migrations the way openIdbStorage does. */
function openAt(name: string, version: number) {
  return openDB<LatchkeyDB>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]!(db, tx);
    },
  });
}

describe('IndexedDB schema migrations', () => {
  it('has one version per migration, the stores of docs/architecture.md', async () => {
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    const name = dbName();
    const storage = openIdbStorage({ name });
    await storage.readLog(); // opens (and so creates) the database
    storage.close();
    const db = await openDB(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['grants', 'log', 'metadata', 'providers', 'tokens', 'transactions'].sort(),
    );
    db.close();
  });

  it('upgrades a version-1 database in place, keeping every record', async () => {
    const name = dbName();
    const v1 = await openAt(name, 1);
    expect([...v1.objectStoreNames]).not.toContain('metadata');
    await v1.put('tokens', {
      provider: 'p',
      account: 'alice',
      accessToken: 'at',
      refreshToken: 'rt',
      tokenType: 'Bearer',
      scopes: ['openid'],
      updatedAt: 1,
    });
    await v1.put('transactions', {
      state: 's',
      provider: 'p',
      codeVerifier: 'v'.repeat(43),
      redirectUri: 'https://app.example/cb',
      scopes: [],
      createdAt: Date.now(),
    });
    await v1.put('grants', {
      origin: 'https://a.example',
      provider: 'p',
      scopes: [],
      decision: 'allowed',
      by: 'user',
      at: 1,
    });
    v1.close();

    const storage = openIdbStorage({ name });
    expect(await storage.getTokens('p')).toMatchObject({ refreshToken: 'rt', account: 'alice' });
    expect(await storage.takeTransaction('s')).toMatchObject({ provider: 'p' });
    expect(await storage.getGrant('https://a.example', 'p')).toMatchObject({
      decision: 'allowed',
    });
    // The store added by migration 2 works.
    await storage.putServerMetadata!({
      issuer: 'https://as.example',
      metadata: { issuer: 'https://as.example' },
      fetchedAt: 5,
    });
    expect(await storage.getServerMetadata!('https://as.example')).toMatchObject({ fetchedAt: 5 });
    storage.close();
  });

  it('lets a newer version open while an older connection is open (it steps aside)', async () => {
    const name = dbName();
    const old = openIdbStorage({ name });
    await old.putTokens({
      provider: 'p',
      account: '',
      accessToken: 'at',
      tokenType: 'Bearer',
      scopes: [],
      updatedAt: 1,
    });
    // A newer schema elsewhere (another tab after an update) must not be blocked by this one.
    const newer = await openDB(name, DB_VERSION + 1, {
      upgrade(db) {
        db.createObjectStore('future');
      },
    });
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
  });
});
