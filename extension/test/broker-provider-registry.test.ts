import type { GrantRecord, LatchkeyStorage, ProviderConfig, TokenRecord } from '@latchkey/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The registry over an in-memory stand-in for the broker's IndexedDB storage (providers, tokens).
const db = {
  providers: [] as unknown[],
  tokens: new Map<string, TokenRecord>(),
  grants: [] as GrantRecord[],
};
vi.mock('../src/background/broker-storage.js', () => ({
  brokerStorage: async () =>
    ({
      getProviders: async () => db.providers,
      putProviders: async (list: unknown[]) => void (db.providers = list),
      getTokens: async (id: string) => db.tokens.get(id),
      deleteTokens: async (id: string) => void db.tokens.delete(id),
      listGrants: async () => [...db.grants],
      deleteGrant: async (origin: string, provider: string) =>
        void (db.grants = db.grants.filter((g) => g.origin !== origin || g.provider !== provider)),
    }) as Partial<LatchkeyStorage>,
}));
(globalThis as { __LATCHKEY_PRESETS__?: unknown[] }).__LATCHKEY_PRESETS__ = [];

const { invalidateProviders, policyProvidersChanged, removeOptionsProvider, saveOptionsProvider } =
  await import('../src/background/provider-registry.js');

const dev: ProviderConfig = {
  id: 'dev',
  clientId: 'client-1',
  authorizationEndpoint: 'https://idp.example/authorize',
  tokenEndpoint: 'https://idp.example/token',
  scopes: ['profile'], // endpoints only: openid would need an issuer
};
const session: TokenRecord = {
  provider: 'dev',
  account: 'alice',
  accessToken: 'at',
  tokenType: 'Bearer',
  refreshToken: 'rt-of-idp.example',
  scopes: ['openid'],
  updatedAt: 1,
};
const grant = (origin: string, provider: string): GrantRecord => ({
  origin,
  provider,
  scopes: ['openid'],
  decision: 'allowed',
  by: 'user',
  at: 1,
});

describe('provider registry: a changed provider does not inherit the old session', () => {
  beforeEach(async () => {
    db.providers = [];
    db.tokens.clear();
    invalidateProviders();
    await saveOptionsProvider(dev);
    db.tokens.set('dev', session);
    db.grants = [grant('https://app.example', 'dev'), grant('https://app.example', 'other')];
  });

  it('keeps the session and the grants when only presentation fields change', async () => {
    await saveOptionsProvider({ ...dev, name: 'Dev', scopes: ['openid', 'profile'] });
    expect(db.tokens.get('dev')).toBe(session);
    expect(db.grants).toHaveLength(2);
  });

  it('drops the session when the id now names another server or client', async () => {
    await saveOptionsProvider({ ...dev, tokenEndpoint: 'https://evil.example/token' });
    expect(db.tokens.has('dev')).toBe(false);
    // The sites allowed the old provider, not this one: their grants go too (others' stay).
    expect(db.grants).toEqual([grant('https://app.example', 'other')]);

    db.tokens.set('dev', session);
    await saveOptionsProvider({
      ...dev,
      tokenEndpoint: 'https://evil.example/token',
      clientId: 'x',
    });
    expect(db.tokens.has('dev')).toBe(false);
  });

  it('drops the session of a removed provider, so that a later one of that id cannot use it', async () => {
    await removeOptionsProvider('dev');
    expect(db.tokens.has('dev')).toBe(false);
  });

  it('drops the session when enterprise policy redefines the id, not when it leaves it alone', async () => {
    const policy = { ...dev, name: 'Dev (managed)' };
    await policyProvidersChanged(undefined, [policy]);
    expect(db.tokens.get('dev')).toBe(session);
    await policyProvidersChanged([policy], [{ ...policy, issuer: 'https://evil.example' }]);
    expect(db.tokens.has('dev')).toBe(false);
  });
});
