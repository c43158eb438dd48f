import { describe, expect, it } from 'vitest';
import { authorizationParams } from '../src/common/auth-params.js';
import { isEndSessionReturn } from '../src/page/end-session.js';
import { isSameSite } from '../src/page/silent-frame.js';
import { isTabMessage } from '../src/page/tab-channel.js';

describe('isSameSite (whether a hidden frame gets the provider session cookie)', () => {
  it('same host on another port, and sibling subdomains, are same-site', () => {
    expect(isSameSite('http://127.0.0.1:9000/auth', 'http://127.0.0.1:5173')).toBe(true);
    expect(isSameSite('https://login.example.com/authorize', 'https://app.example.com')).toBe(true);
    expect(isSameSite('https://example.com/authorize', 'https://app.example.com')).toBe(true);
  });
  it('other hosts, IP addresses against names, and other schemes are not', () => {
    expect(isSameSite('http://127.0.0.1:9000/auth', 'http://localhost:5173')).toBe(false);
    expect(isSameSite('http://127.0.0.2/auth', 'http://127.0.0.1')).toBe(false);
    expect(
      isSameSite('https://accounts.google.com/o/oauth2/v2/auth', 'https://app.example.com'),
    ).toBe(false);
    expect(isSameSite('http://login.example.com/', 'https://app.example.com')).toBe(false);
    expect(isSameSite('not a url', 'https://app.example.com')).toBe(false);
  });
});

describe('isEndSessionReturn (the provider back from RP-initiated logout)', () => {
  const uris = ['http://127.0.0.1:5173/'];
  it('is a state alone on a redirect URI', () => {
    expect(isEndSessionReturn('http://127.0.0.1:5173/?state=s', uris)).toBe(true);
  });
  it('is not an authorization response, another path or origin, or no state', () => {
    expect(isEndSessionReturn('http://127.0.0.1:5173/?state=s&code=c', uris)).toBe(false);
    expect(isEndSessionReturn('http://127.0.0.1:5173/?state=s&error=e', uris)).toBe(false);
    expect(isEndSessionReturn('http://127.0.0.1:5173/x?state=s', uris)).toBe(false);
    expect(isEndSessionReturn('http://localhost:5173/?state=s', uris)).toBe(false);
    expect(isEndSessionReturn('http://127.0.0.1:5173/', uris)).toBe(false);
  });
});

describe('authorizationParams', () => {
  it('keeps the set authorization parameters and nothing else', () => {
    expect(
      authorizationParams({
        prompt: 'login',
        resource: ['https://api.example'],
        maxAge: 0,
        scopes: ['x'],
        account: 'a',
        loginHint: undefined,
      } as never),
    ).toEqual({ prompt: 'login', resource: ['https://api.example'], maxAge: 0 });
  });
});

describe('tab messages name the account', () => {
  it('accepts a string account and nothing else there', () => {
    const base = { latchkey: 1, type: 'signedOut', provider: 'p' };
    expect(isTabMessage({ ...base, account: 'alice' })).toBe(true);
    expect(isTabMessage({ ...base, account: '' })).toBe(true);
    expect(isTabMessage({ ...base, account: 5 })).toBe(false);
    expect(isTabMessage({ ...base, account: { sub: 'alice' } })).toBe(false);
  });
});
