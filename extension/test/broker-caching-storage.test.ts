import type { GrantRecord, LatchkeyStorage, TokenRecord } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { cachingStorage } from '../src/background/caching-storage.js';

/** A storage that counts reads, with one read that can be held open. */
function countingStorage() {
  const tokens = new Map<string, TokenRecord>();
  const grants = new Map<string, GrantRecord>();
  const reads = { tokens: 0, grants: 0 };
  let hold: Promise<void> | undefined;
  const inner = {
    async getTokens(p: string) {
      reads.tokens++;
      const value = tokens.get(p);
      if (hold) await hold;
      return value;
    },
    async putTokens(r: TokenRecord) {
      tokens.set(r.provider, r);
    },
    async deleteTokens(p: string) {
      tokens.delete(p);
    },
    async getGrant(o: string, p: string) {
      reads.grants++;
      return grants.get(`${o} ${p}`);
    },
    async putGrant(g: GrantRecord) {
      grants.set(`${g.origin} ${g.provider}`, g);
    },
    async deleteGrant(o: string, p: string) {
      grants.delete(`${o} ${p}`);
    },
  } as unknown as LatchkeyStorage;
  return { inner, reads, tokens, setHold: (p: Promise<void> | undefined) => (hold = p) };
}

const token = (accessToken: string): TokenRecord => ({
  provider: 'dev',
  account: '',
  accessToken,
  tokenType: 'Bearer',
  scopes: [],
  updatedAt: 0,
});

describe('cachingStorage', () => {
  it('reads tokens and grants once, then from memory; writes go through', async () => {
    const { inner, reads, tokens } = countingStorage();
    const s = cachingStorage(inner);
    expect(await s.getTokens('dev')).toBeUndefined();
    await s.putTokens(token('a'));
    expect(tokens.get('dev')?.accessToken).toBe('a');
    expect((await s.getTokens('dev'))?.accessToken).toBe('a');
    expect((await s.getTokens('dev'))?.accessToken).toBe('a');
    expect(reads.tokens).toBe(1);
    await s.deleteTokens('dev');
    expect(tokens.has('dev')).toBe(false);
    expect(await s.getTokens('dev')).toBeUndefined();

    expect(await s.getGrant('https://a.example', 'dev')).toBeUndefined();
    await s.putGrant({
      origin: 'https://a.example',
      provider: 'dev',
      scopes: [],
      decision: 'denied',
      by: 'user',
      at: 1,
    });
    expect((await s.getGrant('https://a.example', 'dev'))?.decision).toBe('denied');
    expect(reads.grants).toBe(1);
  });

  it('does not cache a read that a write overtook', async () => {
    const { inner, setHold } = countingStorage();
    const s = cachingStorage(inner);
    let release!: () => void;
    setHold(new Promise<void>((r) => (release = r)));
    const slow = s.getTokens('dev'); // reads "nothing", held open
    await s.putTokens(token('new'));
    setHold(undefined);
    release();
    expect(await slow).toBeUndefined();
    expect((await s.getTokens('dev'))?.accessToken).toBe('new');
  });
});
