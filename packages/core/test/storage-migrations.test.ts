import 'fake-indexeddb/auto';

import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';

import { openIdbStorage } from '../src/index.js';
import { DB_VERSION, MIGRATIONS, type MigratingDB } from '../src/storage/schema.js';
import { writeV2Database, type GrantRecordV2, type TokenRecordV2 } from './fixtures/schema-v2.js';

let n = 0;
const dbName = () => `migrations-${process.pid}-${++n}`;

/** Opens `name` at `version`, running the migrations the way openIdbStorage does. */
function openAt(name: string, version: number) {
  return openDB<MigratingDB>(name, version, {
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
      ['current', 'grants', 'log', 'metadata', 'providers', 'sessions', 'transactions'].sort(),
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

  it("moves the sessions of a version-2 database (today's one per provider) to accounts, each current", async () => {
    const name = dbName();
    const alice: TokenRecordV2 = {
      provider: 'p',
      account: 'alice',
      accessToken: 'at-alice',
      tokenType: 'Bearer',
      expiresAt: 10_000,
      lifetime: 3_600_000,
      refreshToken: 'rt-alice',
      idToken: 'id.token.alice',
      scopes: ['openid', 'profile'],
      claims: { sub: 'alice', iss: 'https://as.example', name: 'Alice' },
      updatedAt: 5,
      lastRefresh: { at: 4, ok: true },
      authority: '["https://as.example"]',
      narrowed: { openid: { accessToken: 'at-n', tokenType: 'Bearer', scopes: ['openid'] } },
      resources: ['https://api.example/'],
      byResource: {
        'https://other.example/': { accessToken: 'at-r', tokenType: 'Bearer', scopes: ['openid'] },
      },
    };
    // A provider without id_token: account ''.
    const plain: TokenRecordV2 = {
      provider: 'q',
      account: '',
      accessToken: 'at-q',
      tokenType: 'Bearer',
      scopes: [],
      updatedAt: 1,
    };
    const grant: GrantRecordV2 = {
      origin: 'https://a.example',
      provider: 'p',
      scopes: ['openid'],
      decision: 'allowed',
      by: 'user',
      at: 3,
    };
    await writeV2Database(name, { tokens: [alice, plain], grants: [grant] });

    const storage = openIdbStorage({ name });
    // Every field kept, under its account, and current.
    expect(await storage.getTokens('p')).toEqual(alice);
    expect(await storage.getTokens('p', 'alice')).toEqual(alice);
    expect(await storage.getCurrentAccount('p')).toBe('alice');
    expect(await storage.getTokens('q')).toEqual(plain);
    expect(await storage.getTokens('q', '')).toEqual(plain);
    expect(await storage.getCurrentAccount('q')).toBe('');
    expect(await storage.listTokens()).toHaveLength(2);
    // The grants store is as it was.
    expect(await storage.listGrants()).toEqual([grant]);
    expect(await storage.getGrant('https://a.example', 'p')).toEqual(grant);
    storage.close();

    const db = await openDB(name);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).not.toContain('tokens');
    db.close();
  });

  it('migrates an empty version-2 database', async () => {
    const name = dbName();
    await writeV2Database(name, {});
    const storage = openIdbStorage({ name });
    expect(await storage.getTokens('p')).toBeUndefined();
    expect(await storage.listTokens()).toEqual([]);
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
