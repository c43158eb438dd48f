import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  LatchkeyError,
  openIdbStorage,
  type GrantRecord,
  type TokenRecord,
  type TransactionRecord,
} from '../src/index.js';

let n = 0;
const storage = (logLimit?: number) =>
  openIdbStorage({ name: `unit-${process.pid}-${++n}`, ...(logLimit && { logLimit }) });
const grant = (fields: Partial<GrantRecord> = {}): GrantRecord => ({
  origin: 'https://a.example',
  provider: 'p',
  scopes: [],
  decision: 'allowed',
  by: 'user',
  at: 1,
  ...fields,
});
const tx = (state: string, createdAt = Date.now()): TransactionRecord => ({
  state,
  provider: 'p',
  codeVerifier: 'v'.repeat(43),
  redirectUri: 'https://app.example/cb',
  scopes: [],
  createdAt,
});

describe('IndexedDB storage', () => {
  it('hands out a transaction once, even to racing callers', async () => {
    const s = storage();
    await s.putTransaction(tx('s1'));
    const [a, b] = await Promise.all([s.takeTransaction('s1'), s.takeTransaction('s1')]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await s.takeTransaction('s1')).toBeUndefined();
  });

  it('prunes transactions older than the cut-off', async () => {
    const s = storage();
    await s.putTransaction(tx('old', 1000));
    await s.putTransaction(tx('new', 5000));
    await s.pruneTransactions(2000);
    expect(await s.takeTransaction('old')).toBeUndefined();
    expect(await s.takeTransaction('new')).toBeDefined();
  });

  it('keeps grants per origin and provider', async () => {
    const s = storage();
    await s.putGrant(grant({ scopes: ['x'] }));
    await s.putGrant(grant({ provider: 'q', decision: 'denied', at: 2 }));
    await s.putGrant(grant({ origin: 'https://b.example', by: 'preset', at: 3 }));
    expect((await s.listGrants('https://a.example')).map((g) => g.provider).sort()).toEqual([
      'p',
      'q',
    ]);
    await s.deleteGrant('https://a.example', 'p');
    expect(await s.getGrant('https://a.example', 'p')).toBeUndefined();
    expect(await s.listGrants()).toHaveLength(2);
  });

  it('bounds the event log, newest first', async () => {
    const s = storage(5);
    for (let i = 0; i < 8; i++) await s.appendLog({ at: i, type: 'request' });
    const log = await s.readLog();
    expect(log.map((e) => e.at)).toEqual([7, 6, 5, 4, 3]);
  });

  it('survives being reopened (a stopped service worker starts again from the database)', async () => {
    const name = `unit-reopen-${process.pid}`;
    const first = openIdbStorage({ name });
    await first.putTokens({
      provider: 'p',
      account: 'a',
      accessToken: 't',
      tokenType: 'Bearer',
      scopes: [],
      updatedAt: 1,
    });
    first.close();
    expect((await openIdbStorage({ name }).getTokens('p'))?.accessToken).toBe('t');
  });
});

describe('IndexedDB storage: several accounts per provider', () => {
  const session = (provider: string, account: string, updatedAt = 1): TokenRecord => ({
    provider,
    account,
    accessToken: `at-${provider}-${account}`,
    tokenType: 'Bearer',
    scopes: [],
    updatedAt,
  });

  it('keeps one session per provider and account, the first or the one made so current', async () => {
    const s = storage();
    expect(await s.getTokens('p')).toBeUndefined();
    expect(await s.getCurrentAccount('p')).toBeUndefined();
    await s.putTokens(session('p', 'alice'));
    // The first session of a provider is current without being asked.
    expect(await s.getCurrentAccount('p')).toBe('alice');
    await s.putTokens(session('p', 'bob'));
    expect((await s.getTokens('p'))?.account).toBe('alice');
    await s.putTokens(session('p', 'bob'), { makeCurrent: true });
    expect((await s.getTokens('p'))?.account).toBe('bob');
    expect((await s.getTokens('p', 'alice'))?.accessToken).toBe('at-p-alice');
    await s.putTokens(session('q', ''));
    expect((await s.listTokens('p')).map((r) => r.account).sort()).toEqual(['alice', 'bob']);
    expect(await s.listTokens()).toHaveLength(3);
    // The same account's session is replaced, not added.
    await s.putTokens({ ...session('p', 'alice'), accessToken: 'again' });
    expect(await s.listTokens('p')).toHaveLength(2);
    expect((await s.getTokens('p', 'alice'))?.accessToken).toBe('again');
  });

  it('selects an account only when it has a session', async () => {
    const s = storage();
    await s.putTokens(session('p', 'alice'));
    await s.putTokens(session('p', 'bob'), { makeCurrent: true });
    expect(await s.setCurrentAccount('p', 'carol')).toBe(false);
    expect(await s.getCurrentAccount('p')).toBe('bob');
    expect(await s.setCurrentAccount('p', 'alice')).toBe(true);
    expect((await s.getTokens('p'))?.account).toBe('alice');
  });

  it('deleting the current account makes the most recently updated one left current', async () => {
    const s = storage();
    await s.putTokens(session('p', 'alice', 10));
    await s.putTokens(session('p', 'bob', 30));
    await s.putTokens(session('p', 'carol', 20), { makeCurrent: true });
    await s.putTokens(session('q', 'alice'));
    await s.deleteTokens('p', 'alice'); // not current: the current stays
    expect(await s.getCurrentAccount('p')).toBe('carol');
    await s.deleteTokens('p', 'carol');
    expect(await s.getCurrentAccount('p')).toBe('bob');
    await s.deleteTokens('p', 'bob');
    expect(await s.getCurrentAccount('p')).toBeUndefined();
    expect(await s.getTokens('p')).toBeUndefined();
    // Another provider's session of the same account is untouched.
    expect((await s.getTokens('q', 'alice'))?.accessToken).toBe('at-q-alice');
  });

  it('deletes every session of a provider without an account', async () => {
    const s = storage();
    await s.putTokens(session('p', 'alice'));
    await s.putTokens(session('p', 'bob'));
    await s.putTokens(session('q', 'alice'));
    await s.deleteTokens('p');
    expect(await s.listTokens('p')).toEqual([]);
    expect(await s.getCurrentAccount('p')).toBeUndefined();
    expect(await s.listTokens('q')).toHaveLength(1);
    // A new sign-in after that is current again.
    await s.putTokens(session('p', 'bob'));
    expect((await s.getTokens('p'))?.account).toBe('bob');
  });

  it("reports IndexedDB's failures as internal_error, IndexedDB's error as the cause", async () => {
    const s = storage();
    // No valid key: IndexedDB refuses the write (DataError).
    const err = await s
      .putTokens({ ...session('p', 'alice'), account: undefined as unknown as string })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LatchkeyError);
    expect(err).toMatchObject({ code: 'internal_error', cause: { name: 'DataError' } });
    expect(await s.getTokens('p')).toBeUndefined();
  });

  describe("when the browser closes the connection (the site's data cleared)", () => {
    /** Each connection the storage opens, as IndexedDB hands it out. */
    const opened: IDBDatabase[] = [];
    const open = indexedDB.open.bind(indexedDB);
    beforeAll(() => {
      indexedDB.open = (...args: Parameters<IDBFactory['open']>) => {
        const request = open(...args);
        request.addEventListener('success', () => opened.push(request.result));
        return request;
      };
    });
    afterAll(() => {
      indexedDB.open = open;
    });
    const allowed = grant();
    // fake-indexeddb's own: the browser's forced close (its declared parameter type is off).
    const forceClose = (connection: IDBDatabase) => forceCloseDatabase(connection as never);

    it('opens a new connection for the next call', async () => {
      const s = storage();
      await s.putGrant(allowed);
      forceClose(opened.at(-1)!);
      expect(await s.getGrant(allowed.origin, 'p')).toEqual(allowed);
      await s.putGrant(grant({ provider: 'q' }));
      expect(await s.listGrants(allowed.origin)).toHaveLength(2);
    });

    it('retries on a new connection a call made while the closing is still pending', async () => {
      const s = storage();
      await s.putGrant(allowed);
      const connection = opened.at(-1)!;
      // A transaction still running holds the close back: the connection is closing, its close
      // event not fired yet, when the next calls come.
      connection.transaction('grants').objectStore('grants').get([allowed.origin, 'p']);
      forceClose(connection);
      expect(() => connection.transaction('grants')).toThrow(
        expect.objectContaining({ name: 'InvalidStateError' }),
      );
      expect(await s.getGrant(allowed.origin, 'p')).toEqual(allowed);
      await s.putTokens(session('p', 'alice'));
      expect(await s.getTokens('p')).toMatchObject({ account: 'alice' });
      expect(opened.at(-1)).not.toBe(connection);
    });
  });
});
