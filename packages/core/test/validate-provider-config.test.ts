import { describe, expect, it } from 'vitest';

import { LatchkeyError, validateProviderConfig, validateProviderConfigs } from '../src/index.js';

const base = { id: 'acme', clientId: 'abc', issuer: 'https://auth.acme.example' };

function refusal(config: unknown): LatchkeyError {
  try {
    validateProviderConfig(config);
  } catch (err) {
    expect(err).toBeInstanceOf(LatchkeyError);
    expect((err as LatchkeyError).code).toBe('config_invalid');
    return err as LatchkeyError;
  }
  throw new Error('expected a config_invalid error');
}

describe('validateProviderConfig', () => {
  it('accepts a discoverable provider and keeps the issuer exactly as written', () => {
    expect(
      validateProviderConfig({ ...base, issuer: 'https://auth.acme.example/tenant/' }).issuer,
    ).toBe('https://auth.acme.example/tenant/');
  });

  it('refuses a client secret, in any spelling, explaining why', () => {
    for (const key of ['clientSecret', 'client_secret', 'clientSecretKey']) {
      const err = refusal({ ...base, [key]: 's3cret' });
      expect(err.message).toContain(key);
      expect(err.message).toMatch(/public client/);
      expect(err.message).toMatch(/client credentials/);
    }
  });

  it('refuses the client credentials grant', () => {
    expect(refusal({ ...base, grantTypes: ['client_credentials'] }).message).toMatch(
      /client credentials/,
    );
  });

  it('refuses secrets smuggled into extra parameters', () => {
    expect(refusal({ ...base, extraTokenParams: { client_secret: 'x' } }).message).toContain(
      'extraTokenParams.client_secret',
    );
  });

  it('requires https except on loopback', () => {
    expect(refusal({ ...base, issuer: 'http://auth.acme.example' }).message).toContain('issuer');
    expect(
      refusal({
        id: 'x',
        clientId: 'c',
        authorizationEndpoint: 'https://a.example/auth',
        tokenEndpoint: 'http://a.example/token',
      }).message,
    ).toContain('tokenEndpoint');
    for (const host of ['127.0.0.1:9400', 'localhost:8080', '[::1]:3000', '127.8.9.10']) {
      expect(validateProviderConfig({ ...base, issuer: `http://${host}` }).issuer).toBe(
        `http://${host}`,
      );
    }
  });

  it('takes SHA256 as a spelling of S256 and refuses every other method', () => {
    expect(
      validateProviderConfig({ ...base, codeChallengeMethod: 'SHA256' }).codeChallengeMethod,
    ).toBe('SHA256');
    expect(
      validateProviderConfig({ ...base, codeChallengeMethod: 'S256' }).codeChallengeMethod,
    ).toBe('S256');
    for (const method of ['plain', 'sha256', 'S512'])
      refusal({ ...base, codeChallengeMethod: method });
  });

  it('needs an issuer or both authorization and token endpoints', () => {
    expect(
      refusal({ id: 'x', clientId: 'c', authorizationEndpoint: 'https://a.example/auth' }).message,
    ).toContain('issuer');
    expect(
      validateProviderConfig({
        id: 'x',
        clientId: 'c',
        authorizationEndpoint: 'https://a.example/auth',
        tokenEndpoint: 'https://a.example/token',
      }).tokenEndpoint,
    ).toBe('https://a.example/token');
  });

  it('names the field that is wrong', () => {
    expect(refusal({ ...base, id: 'has space' }).message).toContain('id');
    expect(refusal({ ...base, clientId: '' }).message).toContain('clientId');
    expect(refusal({ ...base, scopes: 'openid' }).message).toContain('scopes');
    expect(refusal({ ...base, redirectUri: 'https://app.example/cb#frag' }).message).toContain(
      'redirectUri',
    );
    expect(refusal({ ...base, allowedOrigins: ['https://app.example/path'] }).message).toContain(
      'allowedOrigins[0]',
    );
    expect(refusal({ ...base, resourceOrigins: ['http://api.example'] }).message).toContain(
      'resourceOrigins[0]',
    );
    expect(refusal({ ...base, maxTokenLength: 100 }).message).toContain('maxTokenLength');
    expect(refusal({ ...base, tokenResponse: { accessToken: 'a..b' } }).message).toContain(
      'tokenResponse.accessToken',
    );
    expect(refusal({ ...base, surprise: 1 }).message).toContain('surprise');
  });

  it('tells several providers apart by id and refuses duplicates', () => {
    expect(validateProviderConfigs([base, { ...base, id: 'other' }]).map((p) => p.id)).toEqual([
      'acme',
      'other',
    ]);
    expect(() => validateProviderConfigs([base, base])).toThrow(/duplicates/);
  });
});
