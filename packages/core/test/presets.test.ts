import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LatchkeyError, validateProviderConfig } from '../src/index.js';
import {
  PRESETS,
  auth0,
  bipsync,
  entraId,
  expandPreset,
  gitlab,
  keycloak,
  okta,
  roblox,
  type PresetEntry,
} from '../src/presets/index.js';

const refusal = (fn: () => unknown): LatchkeyError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LatchkeyError);
    expect((err as LatchkeyError).code).toBe('config_invalid');
    return err as LatchkeyError;
  }
  throw new Error('expected a config_invalid error');
};

/** A preset called with its documented example parameters. */
const example = (entry: PresetEntry, extra: Record<string, unknown> = {}) =>
  entry.create({
    clientId: 'client-1',
    ...Object.fromEntries(entry.info.params.map((p) => [p.name, p.example])),
    ...extra,
  } as never);

describe('provider presets', () => {
  const entries = Object.entries(PRESETS);

  it('covers the providers the project promises', () => {
    expect(Object.keys(PRESETS).sort()).toEqual(
      ['auth0', 'bipsync', 'entra-id', 'gitlab', 'google', 'keycloak', 'okta', 'roblox'].sort(),
    );
  });

  it.each(entries)('%s passes validateProviderConfig unchanged', (name, entry) => {
    const config = example(entry);
    expect(entry.info.preset).toBe(name);
    expect(config.id).toBe(name);
    expect(validateProviderConfig(config)).toEqual(config);
  });

  it.each(entries)('%s takes the per-app options over its defaults', (_name, entry) => {
    const config = example(entry, {
      id: 'work',
      name: 'Work',
      scopes: ['custom'],
      redirectUri: 'https://abc.chromiumapp.org/',
      allowedOrigins: ['https://app.example'],
      resourceOrigins: ['https://api.example'],
    });
    expect(validateProviderConfig(config)).toMatchObject({
      id: 'work',
      name: 'Work',
      clientId: 'client-1',
      scopes: ['custom'],
      redirectUri: 'https://abc.chromiumapp.org/',
      allowedOrigins: ['https://app.example'],
      resourceOrigins: ['https://api.example'],
    });
  });

  it.each(entries)('%s documents what to register and where', (_name, { info }) => {
    expect(info.register.length).toBeGreaterThan(40);
    expect(new URL(info.docs).protocol).toBe('https:');
  });

  it('roblox: explicit endpoints, the issuer with its slash, ES256 id_tokens', () => {
    const config = roblox({ clientId: 'c' });
    expect(config).toMatchObject({
      issuer: 'https://apis.roblox.com/oauth/',
      authorizationEndpoint: 'https://apis.roblox.com/oauth/v1/authorize',
      tokenEndpoint: 'https://apis.roblox.com/oauth/v1/token',
      revocationEndpoint: 'https://apis.roblox.com/oauth/v1/token/revoke',
      userinfoEndpoint: 'https://apis.roblox.com/oauth/v1/userinfo',
      idTokenSigningAlgs: ['ES256'],
    });
  });

  it('bipsync: the per-client host, discovered', () => {
    expect(bipsync({ clientId: 'c', client: 'Acme' }).issuer).toBe('https://acme-api.bipsync.com');
    for (const client of ['', 'a.b', 'evil.com/x', '-a', 'a_b'])
      refusal(() => bipsync({ clientId: 'c', client }));
  });

  it('entra-id: a tenant ID is the issuer; other tenants give endpoints without openid', () => {
    const id = '8eaef023-2b34-4da1-9baa-8bc8c9d6a490';
    expect(entraId({ clientId: 'c', tenant: id }).issuer).toBe(
      `https://login.microsoftonline.com/${id}/v2.0`,
    );
    const common = entraId({ clientId: 'c', tenant: 'common' });
    expect(common.issuer).toBeUndefined();
    expect(common.tokenEndpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/token');
    expect(common.scopes).not.toContain('openid');
    expect(
      entraId({ clientId: 'c', tenant: 'contoso.onmicrosoft.com' }).authorizationEndpoint,
    ).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    for (const tenant of ['', 'x/../../evil', 'common/v2.0'])
      refusal(() => entraId({ clientId: 'c', tenant }));
  });

  it('auth0, okta, keycloak, gitlab: issuers from their parameters', () => {
    const a = auth0({
      clientId: 'c',
      domain: 'https://Example.us.auth0.com/',
      audience: 'https://api',
    });
    expect(a.issuer).toBe('https://example.us.auth0.com/');
    expect(a.extraAuthParams).toEqual({ audience: 'https://api' });
    expect(okta({ clientId: 'c', domain: 'x.okta.com' }).issuer).toBe(
      'https://x.okta.com/oauth2/default',
    );
    expect(okta({ clientId: 'c', domain: 'x.okta.com', authorizationServer: 'org' }).issuer).toBe(
      'https://x.okta.com',
    );
    refusal(() => okta({ clientId: 'c', domain: 'x.okta.com', authorizationServer: '../x' }));
    expect(
      keycloak({ clientId: 'c', realmUrl: 'https://sso.example/auth/realms/acme/' }).issuer,
    ).toBe('https://sso.example/auth/realms/acme');
    for (const realmUrl of [
      'http://sso.example/realms/a',
      'https://sso.example/',
      'https://s/realms/a?x',
    ])
      refusal(() => keycloak({ clientId: 'c', realmUrl }));
    expect(gitlab({ clientId: 'c' }).issuer).toBe('https://gitlab.com');
    expect(gitlab({ clientId: 'c', host: 'git.example.com:8443' }).issuer).toBe(
      'https://git.example.com:8443',
    );
  });

  it('a host parameter never moves an endpoint off that host (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (domain) => {
        let config;
        try {
          config = auth0({ clientId: 'c', domain });
        } catch (err) {
          return err instanceof LatchkeyError && err.code === 'config_invalid';
        }
        const issuer = new URL(config.issuer ?? '');
        const written = domain
          .trim()
          .replace(/^https:\/\//i, '')
          .replace(/\/$/, '');
        return (
          issuer.protocol === 'https:' &&
          issuer.pathname === '/' &&
          issuer.host === written.toLowerCase() &&
          validateProviderConfig(config).issuer === config.issuer
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('expandPreset (providers files)', () => {
  it('expands a preset with its parameters and lays other keys over it', () => {
    const expanded = expandPreset({
      preset: 'auth0',
      domain: 'example.us.auth0.com',
      clientId: 'spa',
      allowedOrigins: ['https://app.example'],
      logoUri: 'https://app.example/logo.png',
      extraAuthParams: { prompt: 'login' },
    });
    expect(validateProviderConfig(expanded)).toEqual({
      ...auth0({ clientId: 'spa', domain: 'example.us.auth0.com' }),
      allowedOrigins: ['https://app.example'],
      logoUri: 'https://app.example/logo.png',
      extraAuthParams: { prompt: 'login' },
    });
  });

  it('treats an empty optional parameter as not given', () => {
    expect(expandPreset({ preset: 'gitlab', host: '', clientId: 'c' })).toEqual(
      gitlab({ clientId: 'c' }),
    );
  });

  it('leaves an entry without a preset alone', () => {
    const plain = { id: 'x', clientId: 'c', issuer: 'https://idp.example' };
    expect(expandPreset(plain)).toBe(plain);
    expect(expandPreset('nope')).toBe('nope');
  });

  it('refuses unknown presets, missing and non-string parameters', () => {
    expect(refusal(() => expandPreset({ preset: 'nope', clientId: 'c' })).message).toMatch(
      /roblox/,
    );
    refusal(() => expandPreset({ preset: 'toString', clientId: 'c' }));
    refusal(() => expandPreset({ preset: 'okta', clientId: 'c' }));
    refusal(() => expandPreset({ preset: 'okta', domain: 42, clientId: 'c' }));
  });

  it('still lets validation refuse a client secret laid over a preset', () => {
    const expanded = expandPreset({ preset: 'roblox', clientId: 'c', clientSecret: 's' });
    refusal(() => validateProviderConfig(expanded));
  });
});
