import 'fake-indexeddb/auto';

import { authorityOf, openIdbStorage, type ProviderConfig } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { PageLatchkey } from '../src/page/page-latchkey.js';

describe('page mode: calls of one tab asking the same at once', () => {
  it('share one read of the session', async () => {
    const storage = openIdbStorage({ name: `web-page-reads-${process.pid}` });
    const provider: ProviderConfig = {
      id: 'dev',
      issuer: 'https://idp.example',
      clientId: 'spa',
      redirectUri: 'https://app.example/',
      authorizationEndpoint: 'https://idp.example/authorize',
      tokenEndpoint: 'https://idp.example/token',
    };
    await storage.putTokens({
      provider: 'dev',
      account: '',
      accessToken: 'good',
      tokenType: 'Bearer',
      expiresAt: Date.now() + 3_600_000,
      scopes: [],
      updatedAt: Date.now(),
      authority: authorityOf(provider),
    });
    let reads = 0;
    const getTokens = storage.getTokens.bind(storage);
    storage.getTokens = (id) => (reads++, getTokens(id));
    const lk = new PageLatchkey({ providers: [provider], storage });
    try {
      const tokens = await Promise.all(Array.from({ length: 20 }, () => lk.getToken('dev')));
      expect(tokens).toEqual(Array(20).fill('good'));
      expect(reads).toBe(1);
    } finally {
      lk.close();
      storage.close();
    }
  });
});
