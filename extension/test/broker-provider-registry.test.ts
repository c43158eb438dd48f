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

const {
  applyImport,
  invalidateProviders,
  policyProvidersChanged,
  previewImport,
  removeOptionsProvider,
  saveOptionsProvider,
} = await import('../src/background/provider-registry.js');

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
    await saveOptionsProvider({ ...dev, name: 'Dev', scopes: ['profile', 'email'] });
    expect(db.tokens.get('dev')).toBe(session);
    expect(db.grants).toHaveLength(2);
  });

  // Each changes what is sent, or to whom, but not the server or client: the sites' grants go (they
  // allowed the provider as it was); core's authority covers these fields too, so it drops the session.
  const grantChanges: [string, Partial<ProviderConfig>][] = [
    ['tokenResponse', { tokenResponse: { accessToken: 'data.token' } }],
    ['extraTokenParams', { extraTokenParams: { audience: 'https://evil.example' } }],
    ['refreshEndpoint', { refreshEndpoint: 'https://idp.example/refresh' }],
    ['tokenRequestFormat', { tokenRequestFormat: 'json' }],
    ['allowedOrigins', { allowedOrigins: ['https://app.example'] }],
    ['resourceOrigins', { resourceOrigins: ['https://evil.example'] }],
    ['tokenHeader', { tokenHeader: { name: 'X-Token' } }],
  ];
  for (const [field, change] of grantChanges) {
    it(`drops the sites' grants when ${field} changes`, async () => {
      await saveOptionsProvider({ ...dev, ...change });
      expect(db.grants).toEqual([grant('https://app.example', 'other')]);
    });
  }

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

describe('provider registry: an import is previewed, then applied whole', () => {
  beforeEach(async () => {
    db.providers = [];
    db.tokens.clear();
    invalidateProviders();
    await saveOptionsProvider(dev);
    db.tokens.set('dev', session);
    db.grants = [grant('https://app.example', 'dev')];
  });

  it('previews what changes without changing anything', async () => {
    const configs = [
      { ...dev, name: 'Dev', resourceOrigins: ['https://api.example'] },
      { ...dev, id: 'new', allowedOrigins: ['https://site.example/'] },
      { id: 'bad' },
    ];
    const changes = await previewImport(configs);
    expect(changes).toMatchObject([
      {
        id: 'dev',
        kind: 'replace',
        fields: ['name', 'resourceOrigins'],
        dropsGrants: ['https://app.example'],
        // resourceOrigins decides where the token goes: part of the session's authority.
        dropsSession: true,
      },
      { id: 'new', kind: 'add', consentOrigins: ['https://site.example'] },
      { id: 'bad', kind: 'refused', error: { code: 'config_invalid' } },
    ]);
    expect(db.providers).toEqual([dev]);
    expect(db.grants).toHaveLength(1);
    expect(db.tokens.get('dev')).toBe(session);
    // Nothing is applied when one entry is refused.
    await expect(applyImport(configs)).rejects.toMatchObject({ code: 'config_invalid' });
    expect(db.providers).toEqual([dev]);
  });

  it('applies what was previewed: another server drops the session and the grants', async () => {
    const other = { ...dev, issuer: 'https://evil.example' };
    expect(await previewImport([other])).toMatchObject([
      { kind: 'replace', fields: ['issuer'], dropsSession: true },
    ]);
    await applyImport([other]);
    expect(db.tokens.has('dev')).toBe(false);
    expect(db.grants).toEqual([]);
    expect(await previewImport([other])).toMatchObject([{ kind: 'unchanged', fields: [] }]);
  });
});
