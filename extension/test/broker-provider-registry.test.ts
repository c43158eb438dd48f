import type { LatchkeyStorage, ProviderConfig, TokenRecord } from '@latchkey/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The registry over an in-memory stand-in for the broker's IndexedDB storage (providers, tokens).
const db = { providers: [] as unknown[], tokens: new Map<string, TokenRecord>() };
vi.mock('../src/background/broker-storage.js', () => ({
  brokerStorage: async () =>
    ({
      getProviders: async () => db.providers,
      putProviders: async (list: unknown[]) => void (db.providers = list),
      getTokens: async (id: string) => db.tokens.get(id),
      deleteTokens: async (id: string) => void db.tokens.delete(id),
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
  scopes: ['openid'],
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

describe('provider registry: a changed provider does not inherit the old session', () => {
  beforeEach(async () => {
    db.providers = [];
    db.tokens.clear();
    invalidateProviders();
    await saveOptionsProvider(dev);
    db.tokens.set('dev', session);
  });

  it('keeps the session when only presentation or policy fields change', async () => {
    await saveOptionsProvider({ ...dev, name: 'Dev', allowedOrigins: ['https://app.example'] });
    expect(db.tokens.get('dev')).toBe(session);
  });

  it('drops the session when the id now names another server or client', async () => {
    await saveOptionsProvider({ ...dev, tokenEndpoint: 'https://evil.example/token' });
    expect(db.tokens.has('dev')).toBe(false);

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
