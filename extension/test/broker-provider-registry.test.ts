import 'fake-indexeddb/auto';

import { openIdbStorage } from '@latchkey/core';
import type { GrantRecord, LatchkeyStorage, ProviderConfig, TokenRecord } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrokerContext } from '../src/background/broker-context.js';
import { testContext } from './support/test-context.js';

(globalThis as { __LATCHKEY_PRESETS__?: unknown[] }).__LATCHKEY_PRESETS__ = [];

const {
  applyImport,
  invalidateProviders,
  policyProvidersChanged,
  previewImport,
  removeOptionsProvider,
  saveOptionsProvider,
} = await import('../src/background/provider-registry.js');

// The registry works on the storage of the broker's context: here core's IndexedDB storage over
// fake-indexeddb, a fresh database per test.
let dbCounter = 0;
let storage: LatchkeyStorage;
let ctx: BrokerContext;
beforeEach(() => {
  storage = openIdbStorage({ name: `latchkey-registry-${process.pid}-${++dbCounter}` });
  ctx = { ...testContext([]).ctx, storage: async () => storage };
  invalidateProviders();
});
afterEach(() => storage.close());

const tokens = (id: string) => storage.getTokens(id);
const grants = () => storage.listGrants();
const putGrants = async (list: GrantRecord[]) => {
  for (const g of list) await storage.putGrant(g);
};

const dev: ProviderConfig = {
  id: 'dev',
  // openid needs the issuer (core's config rule, OpenID Connect Core §3.1.3.7).
  issuer: 'https://idp.example',
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
    await saveOptionsProvider(dev, ctx);
    await storage.putTokens(session);
    await putGrants([grant('https://app.example', 'dev'), grant('https://app.example', 'other')]);
  });

  it('keeps the session and the grants when only presentation fields change', async () => {
    await saveOptionsProvider({ ...dev, name: 'Dev', scopes: ['profile', 'email'] }, ctx);
    expect(await tokens('dev')).toEqual(session);
    expect(await grants()).toHaveLength(2);
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
      await saveOptionsProvider({ ...dev, ...change }, ctx);
      expect(await grants()).toEqual([grant('https://app.example', 'other')]);
    });
  }

  it('drops the session when the id now names another server or client', async () => {
    await saveOptionsProvider({ ...dev, tokenEndpoint: 'https://evil.example/token' }, ctx);
    expect(await tokens('dev')).toBeUndefined();
    // The sites allowed the old provider, not this one: their grants go too (others' stay).
    expect(await grants()).toEqual([grant('https://app.example', 'other')]);

    await storage.putTokens(session);
    await saveOptionsProvider(
      {
        ...dev,
        tokenEndpoint: 'https://evil.example/token',
        clientId: 'x',
      },
      ctx,
    );
    expect(await tokens('dev')).toBeUndefined();
  });

  it('drops the session of a removed provider, so that a later one of that id cannot use it', async () => {
    await removeOptionsProvider('dev', ctx);
    expect(await tokens('dev')).toBeUndefined();
  });

  it('drops the session when enterprise policy redefines the id, not when it leaves it alone', async () => {
    const policy = { ...dev, name: 'Dev (managed)' };
    await policyProvidersChanged(undefined, [policy], ctx);
    expect(await tokens('dev')).toEqual(session);
    await policyProvidersChanged([policy], [{ ...policy, issuer: 'https://evil.example' }], ctx);
    expect(await tokens('dev')).toBeUndefined();
  });
});

describe('provider registry: an import is previewed, then applied whole', () => {
  beforeEach(async () => {
    await saveOptionsProvider(dev, ctx);
    await storage.putTokens(session);
    await putGrants([grant('https://app.example', 'dev')]);
  });

  it('previews what changes without changing anything', async () => {
    const configs = [
      { ...dev, name: 'Dev', resourceOrigins: ['https://api.example'] },
      { ...dev, id: 'new', allowedOrigins: ['https://site.example/'] },
      { id: 'bad' },
    ];
    const changes = await previewImport(configs, ctx);
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
    expect(await storage.getProviders()).toEqual([dev]);
    expect(await grants()).toHaveLength(1);
    expect(await tokens('dev')).toEqual(session);
    // Nothing is applied when one entry is refused.
    await expect(applyImport(configs, ctx)).rejects.toMatchObject({ code: 'config_invalid' });
    expect(await storage.getProviders()).toEqual([dev]);
  });

  it('applies what was previewed: another server drops the session and the grants', async () => {
    const other = { ...dev, issuer: 'https://evil.example' };
    expect(await previewImport([other], ctx)).toMatchObject([
      { kind: 'replace', fields: ['issuer'], dropsSession: true },
    ]);
    await applyImport([other], ctx);
    expect(await tokens('dev')).toBeUndefined();
    expect(await grants()).toEqual([]);
    expect(await previewImport([other], ctx)).toMatchObject([{ kind: 'unchanged', fields: [] }]);
  });
});
