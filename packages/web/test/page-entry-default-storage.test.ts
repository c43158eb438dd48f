import 'fake-indexeddb/auto';

import { authorityOf, openIdbStorage } from '@latchkey/core';
import type { LatchkeyError, ProviderConfig } from '@latchkey/core';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { writeV2Database } from '../../core/test/fixtures/schema-v2.js';
import { PageEntry } from '../src/page/page-entry.js';

// Page mode's thin entry with no storage given: it reads the default database `latchkey` with core's
// read-only reader, which never creates nor upgrades it. A config with a `clientSecret` is refused
// by core's validator when the implementation loads (before it opens any storage), so a
// `config_invalid` shows that the entry did not answer alone, and the database is as the entry left it.
const provider: ProviderConfig = {
  id: 'idp',
  issuer: 'https://idp.example',
  clientId: 'spa',
  scopes: ['openid', 'profile'],
};
const withSecret = { ...provider, clientSecret: 'shh' } as ProviderConfig;
const session = (account: string, accessToken: string) => ({
  provider: 'idp',
  account,
  accessToken,
  tokenType: 'Bearer',
  scopes: ['openid', 'profile'],
  updatedAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
  lifetime: 3_600_000,
  authority: authorityOf(provider),
});
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: LatchkeyError) => e.code,
  );
const exists = async () => (await indexedDB.databases()).some((db) => db.name === 'latchkey');
const noRequest = async (): Promise<Response> => {
  throw new Error('no request expected');
};

afterEach(async () => {
  await new Promise((resolve) => {
    indexedDB.deleteDatabase('latchkey').onsuccess = resolve;
  });
});

describe('page mode entry over the default database', () => {
  it("answers from a version-3 database with the current account's token", async () => {
    const storage = openIdbStorage();
    await storage.putTokens(session('alice', 'alice-token'));
    await storage.putTokens(session('bob', 'bob-token'), { makeCurrent: true });
    storage.close();
    const latchkey = new PageEntry({ providers: [withSecret], fetch: noRequest });
    expect(await latchkey.getToken('idp')).toBe('bob-token');
    latchkey.close();
  });

  it('never creates the database', async () => {
    const latchkey = new PageEntry({ providers: [withSecret], fetch: noRequest });
    expect(await code(latchkey.getToken('idp'))).toBe('config_invalid');
    latchkey.close();
    expect(await exists()).toBe(false);
  });

  it('never upgrades an older database (the full storage migrates it)', async () => {
    await writeV2Database('latchkey', { tokens: [session('alice', 'v2-token')] });
    const latchkey = new PageEntry({ providers: [withSecret], fetch: noRequest });
    expect(await code(latchkey.getToken('idp'))).toBe('config_invalid');
    latchkey.close();
    const db = await openDB('latchkey');
    expect(db.version).toBe(2);
    db.close();
    // Migrated by the full storage, the same session is then answered by the entry.
    const storage = openIdbStorage();
    expect((await storage.getTokens('idp'))?.accessToken).toBe('v2-token');
    storage.close();
    const again = new PageEntry({ providers: [withSecret], fetch: noRequest });
    expect(await again.getToken('idp')).toBe('v2-token');
    again.close();
  });
});
