import 'fake-indexeddb/auto';

import { authorityOf, openIdbStorage } from '@latchkey/core';
import type { LatchkeyError, ProviderConfig, TokenRecord } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { PageEntry } from '../src/page/page-entry.js';
import type { GetTokenOptions } from '../src/types.js';

// Page mode's thin entry in Node, over a real IndexedDB (fake-indexeddb) and core's real
// implementation behind it. A config with a `clientSecret` is refused by core's validator when the
// implementation loads: an answer under such a config shows that the entry answered alone, and a
// `config_invalid` that it loaded the implementation — before any request (the `fetch` records them).
const provider: ProviderConfig = {
  id: 'idp',
  issuer: 'https://idp.example',
  clientId: 'spa',
  scopes: ['openid', 'profile'],
};
const withSecret = { ...provider, clientSecret: 'shh' } as ProviderConfig;
let n = 0;

async function entry(config: ProviderConfig, record?: Partial<TokenRecord>) {
  const storage = openIdbStorage({ name: `web-page-entry-${process.pid}-${++n}` });
  if (record) {
    await storage.putTokens({
      provider: 'idp',
      account: '',
      accessToken: 'stored',
      tokenType: 'Bearer',
      scopes: ['openid', 'profile'],
      updatedAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
      lifetime: 3_600_000,
      authority: authorityOf(provider),
      ...record,
    });
  }
  const requests: string[] = [];
  const latchkey = new PageEntry({
    providers: [config],
    storage,
    fetch: async (input) => {
      requests.push(String(input));
      throw new Error('no request expected');
    },
  });
  return { latchkey, requests, storage };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: LatchkeyError) => e.code,
  );

describe('page mode entry: a valid stored token without the implementation', () => {
  it('answers getToken and getTokenInfo from storage under the same authority', async () => {
    const { latchkey, requests } = await entry(withSecret, {});
    expect(await latchkey.getToken('idp')).toBe('stored');
    expect(await latchkey.getToken('idp', { scopes: ['profile'], minValidity: 60 })).toBe('stored');
    const info = await latchkey.getTokenInfo('idp', { interactive: true });
    expect(info).toMatchObject({
      provider: 'idp',
      accessToken: 'stored',
      scopes: ['openid', 'profile'],
    });
    expect(requests).toEqual([]);
  });

  it('loads the implementation (which refuses a bad config) before any request for anything else', async () => {
    const { latchkey, requests } = await entry(withSecret, {});
    expect(await code(latchkey.providers())).toBe('config_invalid');
    expect(await code(latchkey.userinfo('idp'))).toBe('config_invalid');
    expect(requests).toEqual([]);
  });

  it('never answers with a token stored under another authority', async () => {
    const other = authorityOf({ ...provider, tokenEndpoint: 'https://elsewhere.example/token' });
    const bad = await entry(withSecret, { authority: other });
    expect(await code(bad.latchkey.getToken('idp'))).toBe('config_invalid');
    // With a valid config, core's full path drops that session: no token, no request.
    const good = await entry(provider, { authority: other });
    expect(await code(good.latchkey.getToken('idp'))).toBe('login_required');
    expect(await good.storage.getTokens('idp')).toBeUndefined();
    expect([...bad.requests, ...good.requests]).toEqual([]);
  });

  it('takes the full path for a token due for refresh, a missing scope or another option', async () => {
    const cases: [Partial<TokenRecord>, GetTokenOptions][] = [
      // The same expiry rule as core: 30 s by default, at most half the lifetime.
      [{ expiresAt: Date.now() + 20_000 }, {}],
      [{ expiresAt: Date.now() + 600_000 }, { minValidity: 900 }],
      [{}, { scopes: ['email'] }],
      [{}, { maxAge: 60 } as GetTokenOptions],
    ];
    for (const [record, options] of cases) {
      const { latchkey, requests } = await entry(withSecret, record);
      expect(await code(latchkey.getToken('idp', options))).toBe('config_invalid');
      expect(requests).toEqual([]);
    }
    // Half a short lifetime is margin enough: a 60 s token with 40 s left is still answered.
    const short = await entry(withSecret, { expiresAt: Date.now() + 40_000, lifetime: 60_000 });
    expect(await short.latchkey.getToken('idp', { minValidity: 35 })).toBe('stored');
  });

  it('answers nothing for an unknown provider or no session but what the implementation says', async () => {
    const none = await entry(provider);
    expect(await code(none.latchkey.getToken('idp'))).toBe('login_required');
    expect(await code(none.latchkey.getToken('nope'))).toBe('provider_unknown');
    expect(none.requests).toEqual([]);
  });

  it('reads storage once for concurrent calls asking the same, and anew once that read is done', async () => {
    const { latchkey, storage } = await entry(withSecret, {});
    let reads = 0;
    const getTokens = storage.getTokens.bind(storage);
    storage.getTokens = (...args) => (reads++, getTokens(...args));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => latchkey.getToken('idp')));
    expect(tokens).toEqual(Array(20).fill('stored'));
    expect(reads).toBe(1);
    // Another question is another read; a later call reads again.
    await Promise.all([
      latchkey.getToken('idp', { scopes: ['profile'] }),
      latchkey.getToken('idp'),
    ]);
    expect(reads).toBe(3);
  });
});
