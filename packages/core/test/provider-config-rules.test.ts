import { describe, expect, it } from 'vitest';

import { LatchkeyError, parseOrigin, validateProviderConfig } from '../src/index.js';

const base = { id: 'acme', clientId: 'abc', issuer: 'https://auth.acme.example' };
const endpoints = {
  id: 'roblox',
  clientId: 'abc',
  authorizationEndpoint: 'https://apis.example/oauth/v1/authorize',
  tokenEndpoint: 'https://apis.example/oauth/v1/token',
};

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

describe('OpenID Connect needs an issuer', () => {
  it('refuses endpoints only with the openid scope, naming issuer', () => {
    const err = refusal({ ...endpoints, scopes: ['openid', 'profile'] });
    expect(err.message).toMatch(/^Provider config: issuer .*openid/);
    expect(refusal({ ...endpoints, scopes: ['profile openid'] }).message).toContain('issuer');
  });

  it('accepts endpoints only without openid, and endpoints with an issuer with it', () => {
    expect(validateProviderConfig({ ...endpoints, scopes: ['profile'] }).scopes).toEqual([
      'profile',
    ]);
    expect(
      validateProviderConfig({
        ...endpoints,
        issuer: 'https://apis.example/oauth/',
        scopes: ['openid'],
      }).issuer,
    ).toBe('https://apis.example/oauth/');
  });
});

describe('scopes', () => {
  it('splits an entry written as one space-separated string and drops duplicates', () => {
    expect(validateProviderConfig({ ...base, scopes: ['openid profile email'] }).scopes).toEqual([
      'openid',
      'profile',
      'email',
    ]);
    expect(
      validateProviderConfig({ ...base, scopes: [' openid  profile ', 'profile', 'openid'] })
        .scopes,
    ).toEqual(['openid', 'profile']);
    expect(validateProviderConfig({ ...base, scopes: [] }).scopes).toEqual([]);
  });

  it('refuses blank entries and characters outside RFC 6749 §3.3', () => {
    expect(refusal({ ...base, scopes: [''] }).message).toContain('scopes[0]');
    expect(refusal({ ...base, scopes: ['openid', '   '] }).message).toContain('scopes[1]');
    for (const bad of ['a"b', 'a\\b', 'é', 'a\u0000b'])
      expect(refusal({ ...base, scopes: [bad] }).message).toContain('scopes[0]');
    expect(refusal({ ...base, scopes: [42] }).message).toContain('scopes[0]');
    expect(refusal({ ...base, scopes: 'openid' }).message).toContain('scopes');
  });
});

describe('no client secret, no replaced grant parameters', () => {
  it('refuses {{client_secret}} templates in any value', () => {
    for (const config of [
      { ...base, extraTokenParams: { secret_key: 'x' } },
      { ...base, extraTokenParams: { auth: '{{client_secret}}' } },
      { ...base, extraAuthParams: { x: 'Basic {{ client_secret }}' } },
      { ...base, tokenHeader: { name: 'X-Key', scheme: '{{client_secret}}' } },
    ]) {
      expect(refusal(config).message).toMatch(/secret/);
    }
    expect(refusal({ ...base, extraTokenParams: { id: '{{client_id}}' } }).message).toMatch(
      /template/,
    );
  });

  it("refuses extraTokenParams that carry the grant's own fields", () => {
    for (const k of [
      'code_verifier',
      'client_id',
      'code',
      'grant_type',
      'redirect_uri',
      'refresh_token',
    ]) {
      expect(refusal({ ...base, extraTokenParams: { [k]: 'v' } }).message).toContain(
        `extraTokenParams.${k}`,
      );
    }
    expect(
      validateProviderConfig({ ...base, extraTokenParams: { audience: 'api' } }).extraTokenParams,
    ).toEqual({ audience: 'api' });
  });

  it('refuses extraAuthParams that Latchkey sets or that change the request', () => {
    for (const k of [
      'state',
      'nonce',
      'code_challenge',
      'code_challenge_method',
      'redirect_uri',
      'client_id',
      'response_type',
      'scope',
      'request',
      'request_uri',
      'response_mode',
    ]) {
      expect(refusal({ ...base, extraAuthParams: { [k]: 'v' } }).message).toContain(
        `extraAuthParams.${k}`,
      );
    }
    expect(
      validateProviderConfig({
        ...base,
        extraAuthParams: { prompt: 'consent', access_type: 'offline' },
      }).extraAuthParams,
    ).toEqual({ prompt: 'consent', access_type: 'offline' });
  });

  it('keeps a __proto__ parameter a plain parameter', () => {
    const params = validateProviderConfig({
      ...base,
      extraAuthParams: JSON.parse('{"__proto__":"x"}'),
    }).extraAuthParams!;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.entries(params)).toEqual([['__proto__', 'x']]);
  });
});

describe('one origin rule', () => {
  it('refuses an http origin off loopback, as the broker and the extension build do', () => {
    expect(refusal({ ...base, allowedOrigins: ['http://app.example'] }).message).toContain(
      'allowedOrigins[0]',
    );
    expect(parseOrigin('http://app.example')).toBeUndefined();
  });

  it('accepts exactly what parseOrigin accepts, normalised the same way', () => {
    for (const value of [
      'https://app.example',
      'https://app.example/',
      'https://app.example:8443',
      'http://127.0.0.1:5173',
      'http://localhost:3000',
      'http://[::1]:8080',
      'http://app.example',
      'https://APP.example',
      'https://app.example:443',
      'https://app.example/path',
      'https://user@app.example',
      'https://app.example?q',
      'chrome-extension://abcdefghijklmnop',
      'file:///x',
      'null',
      '',
    ]) {
      const expected = parseOrigin(value);
      for (const field of ['allowedOrigins', 'resourceOrigins'] as const) {
        if (expected === undefined) {
          expect(refusal({ ...base, [field]: [value] }).message, value).toContain(`${field}[0]`);
        } else {
          expect(validateProviderConfig({ ...base, [field]: [value] })[field], value).toEqual([
            expected,
          ]);
        }
      }
    }
  });
});

describe('logoUri', () => {
  it('accepts https URLs and base64 png/jpeg/gif/webp data URLs', () => {
    for (const logo of [
      'https://cdn.example/logo.png',
      'data:image/png;base64,iVBORw0KGgo=',
      'data:image/jpeg;base64,/9j/4AAQ',
      'data:image/gif;base64,R0lGODlh',
      'data:image/webp;base64,UklGRg==',
    ])
      expect(validateProviderConfig({ ...base, logoUri: logo }).logoUri).toBe(logo);
  });

  it('refuses SVG, javascript:, http and oversized values', () => {
    for (const logo of [
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'data:image/png,rawbytes',
      'data:text/html;base64,PGI+',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'http://cdn.example/logo.png',
      'https://user:pw@cdn.example/logo.png',
      `https://cdn.example/${'a'.repeat(3000)}`,
      `data:image/png;base64,${'A'.repeat(200_000)}`,
      'data:image/png;base64,<script>',
      '',
    ])
      expect(refusal({ ...base, logoUri: logo }).message).toContain('logoUri');
  });
});

describe('tokenHeader, idTokenSigningAlgs, redirectUri', () => {
  it('takes a header name and auth scheme that are HTTP tokens', () => {
    expect(
      validateProviderConfig({ ...base, tokenHeader: { name: 'X-Access-Token' } }).tokenHeader,
    ).toEqual({ name: 'X-Access-Token' });
    for (const header of [
      { name: 'Bad Header' },
      { name: 'Cookie' },
      { name: 'X-A', scheme: 'Bearer x' },
      { name: 'X-A', other: 1 },
      { name: 'X-A\r\nInjected: 1' },
    ])
      expect(refusal({ ...base, tokenHeader: header }).message).toContain('tokenHeader');
  });

  it('accepts asymmetric JWS algorithms only, never none or HS256', () => {
    expect(
      validateProviderConfig({ ...base, idTokenSigningAlgs: ['ES256', 'ES256', 'RS256'] })
        .idTokenSigningAlgs,
    ).toEqual(['ES256', 'RS256']);
    for (const algs of [['none'], ['HS256'], [], ['es256']])
      expect(refusal({ ...base, idTokenSigningAlgs: algs }).message).toContain(
        'idTokenSigningAlgs',
      );
  });

  it('takes custom schemes for apps but never script or data schemes', () => {
    expect(
      validateProviderConfig({ ...base, redirectUri: 'com.example.app:/oauth' }).redirectUri,
    ).toBe('com.example.app:/oauth');
    for (const r of [
      'javascript:/oauth',
      'data:/oauth',
      'http://app.example/cb',
      'https://a.example/#',
    ])
      expect(refusal({ ...base, redirectUri: r }).message).toContain('redirectUri');
  });
});
