import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../src/errors.js';
import { parseBrokerRequest } from '../src/bridge/validate.js';
import { MAX_RESOURCES } from '../src/authorization/auth-params.js';

// The session fields of the page ↔ extension protocol (issue 11): per-call authorization
// parameters, `account`, the sign-out options and the `accounts` method, at their boundaries.

const req = (method: string, params: Record<string, unknown>) => ({
  latchkey: 1,
  id: 'r-1',
  method,
  params: { provider: 'dev', ...params },
});
const parse = (method: string, params: Record<string, unknown>) =>
  parseBrokerRequest(req(method, params));
const code = (method: string, params: Record<string, unknown>) => {
  const r = parse(method, params);
  return r instanceof LatchkeyError ? r.code : 'ok';
};
const paramsOf = (method: string, params: Record<string, unknown>) => {
  const r = parse(method, params);
  if (r instanceof LatchkeyError) throw r;
  return r.params;
};

const API = 'https://api.example/v1';
const MAX_MAX_AGE = 10 * 365 * 24 * 60 * 60;

describe('broker protocol: session fields', () => {
  it('getToken and signIn carry the authorization parameters, normalised', () => {
    for (const method of ['getToken', 'signIn']) {
      expect(
        paramsOf(method, {
          account: 'alice',
          prompt: 'login consent',
          loginHint: 'alice@example.com',
          audience: API,
          resource: [`${API}/b`, `${API}/a`, `${API}/b`],
          acrValues: 'urn:mace:incommon:iap:silver gold',
          maxAge: 0,
          uiLocales: ['fr-CA', 'en'],
          unknown: 'dropped',
        }),
      ).toEqual({
        provider: 'dev',
        account: 'alice',
        prompt: 'login consent',
        loginHint: 'alice@example.com',
        audience: API,
        resource: [`${API}/a`, `${API}/b`],
        acrValues: ['urn:mace:incommon:iap:silver', 'gold'],
        maxAge: 0,
        uiLocales: ['fr-CA', 'en'],
      });
    }
    expect(paramsOf('getToken', { resource: API })).toEqual({ provider: 'dev', resource: [API] });
  });

  it('resource: absolute URIs without a fragment, at most MAX_RESOURCES (RFC 8707 §2)', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `${API}/${i}`);
    expect(code('getToken', { resource: many(MAX_RESOURCES) })).toBe('ok');
    expect(code('getToken', { resource: many(MAX_RESOURCES + 1) })).toBe('invalid_request');
    expect(code('getToken', { resource: `https://a.example/${'x'.repeat(2048 - 18)}` })).toBe('ok');
    expect(code('getToken', { resource: `https://a.example/${'x'.repeat(2048 - 17)}` })).toBe(
      'invalid_request',
    );
    for (const bad of ['api/v1', '/v1', `${API}#f`, `${API}#`, '', ' ', `${API} x`, 42, [null], {}])
      expect(code('signIn', { resource: bad }), JSON.stringify(bad)).toBe('invalid_request');
  });

  it('resource: any value with a fragment is refused, any http(s) URL without one is kept', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const result = code('getToken', { resource: url });
        if (url.includes('#')) expect(result).toBe('invalid_request');
        else if (url.length <= 2048) expect(result).toBe('ok');
      }),
      { numRuns: 200 },
    );
  });

  it('maxAge: a whole number of seconds from 0, bounded', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double(), fc.constantFrom(MAX_MAX_AGE, MAX_MAX_AGE + 1)),
        (n) => {
          const ok = Number.isInteger(n) && n >= 0 && n <= MAX_MAX_AGE;
          expect(code('signIn', { maxAge: n })).toBe(ok ? 'ok' : 'invalid_request');
        },
      ),
      { numRuns: 200 },
    );
    for (const bad of ['60', null, -0.5, Number.NaN, Infinity])
      expect(code('getToken', { maxAge: bad })).toBe('invalid_request');
  });

  it('acrValues and uiLocales: token lists, no spaces inside a value, at most 20', () => {
    expect(
      (paramsOf('signIn', { uiLocales: 'de-CH  fr' }) as { uiLocales?: string[] }).uiLocales,
    ).toEqual(['de-CH', 'fr']);
    expect(code('signIn', { uiLocales: 'en_US' })).toBe('invalid_request');
    expect(code('signIn', { uiLocales: ['en us'] })).toBe('invalid_request');
    expect(code('signIn', { acrValues: ['a b'] })).toBe('invalid_request');
    expect(code('signIn', { acrValues: ['a\u0000'] })).toBe('invalid_request');
    const list = (n: number) => Array.from({ length: n }, (_, i) => `acr${i}`);
    expect(code('getToken', { acrValues: list(20) })).toBe('ok');
    expect(code('getToken', { acrValues: list(21) })).toBe('invalid_request');
  });

  it('prompt: known OIDC values only, none alone', () => {
    for (const ok of ['login', 'select_account', 'consent', 'none', 'login consent', 'create'])
      expect(code('signIn', { prompt: ok })).toBe('ok');
    for (const bad of ['none login', 'login login', 'LOGIN', 'logout', 'login  consent', ''])
      expect(code('signIn', { prompt: bad }), bad).toBe('invalid_request');
  });

  it("account: a sub (printable ASCII, at most 255), or '' for a provider without id_token", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (sub) => {
        const ok = sub.length <= 255 && /^[\x20-\x7e]*$/.test(sub);
        for (const method of ['getToken', 'signIn', 'signOut', 'userinfo'])
          expect(code(method, { account: sub })).toBe(ok ? 'ok' : 'invalid_request');
      }),
      { numRuns: 200 },
    );
    expect(code('getToken', { account: 'a'.repeat(255) })).toBe('ok');
    expect(code('getToken', { account: 'a'.repeat(256) })).toBe('invalid_request');
    expect(code('fetch', { url: API, account: 7 })).toBe('invalid_request');
  });

  it('signOut: account, allAccounts and endSession, checked', () => {
    expect(paramsOf('signOut', { endSession: true, account: 'bob' })).toEqual({
      provider: 'dev',
      endSession: true,
      account: 'bob',
    });
    expect(paramsOf('signOut', { allAccounts: true, endSession: false })).toEqual({
      provider: 'dev',
      allAccounts: true,
      endSession: false,
    });
    expect(code('signOut', { allAccounts: true, account: 'bob' })).toBe('invalid_request');
    expect(code('signOut', { endSession: 'yes' })).toBe('invalid_request');
    expect(code('signOut', { allAccounts: 1 })).toBe('invalid_request');
  });

  it('accounts: a provider id and nothing else', () => {
    expect(paramsOf('accounts', { extra: 1 })).toEqual({ provider: 'dev' });
    expect(code('accounts', { provider: '../x' })).toBe('invalid_request');
    expect(parseBrokerRequest({ latchkey: 1, id: 'r', method: 'accounts' })).toMatchObject({
      code: 'invalid_request',
    });
  });
});
