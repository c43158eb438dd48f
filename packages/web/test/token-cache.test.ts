import { describe, expect, it } from 'vitest';
import { createTokenCache } from '../src/common/token-cache.js';

const token = (expiresIn: number | undefined, scopes = ['openid', 'api']) => ({
  provider: 'p',
  accessToken: `at-${expiresIn}`,
  tokenType: 'Bearer',
  scopes,
  ...(expiresIn === undefined ? {} : { expiresAt: Date.now() + expiresIn * 1000 }),
});

describe('TokenCache', () => {
  it('serves a valid token carrying the scopes asked for', () => {
    const cache = createTokenCache();
    cache.set(token(600));
    expect(cache.get('p')?.accessToken).toBe('at-600');
    expect(cache.get('p', ['api'])?.accessToken).toBe('at-600');
    expect(cache.get('p', ['admin'])).toBeUndefined();
    expect(cache.get('other')).toBeUndefined();
  });
  it('drops a token that expires within minValidity', () => {
    const cache = createTokenCache();
    cache.set(token(20));
    expect(cache.get('p')).toBeUndefined();
    cache.set(token(20));
    expect(cache.get('p', undefined, 5)?.accessToken).toBe('at-20');
    expect(cache.get('p', undefined, 30)).toBeUndefined();
    // dropped for good, not only hidden
    expect(cache.get('p', undefined, 5)).toBeUndefined();
  });
  it('with the token’s lifetime, narrows the margin to half of it, as core does', () => {
    const cache = createTokenCache();
    // A 10-second token, just issued: core refreshes it 5 s before expiry, not 30 s.
    cache.set(token(10), 10_000);
    expect(cache.get('p')?.accessToken).toBe('at-10');
    expect(cache.get('p', undefined, 4)?.accessToken).toBe('at-10');
    // Without its lifetime the default margin (30 s) applies.
    cache.set(token(10));
    expect(cache.get('p')).toBeUndefined();
    // Half its lifetime gone: due, as core sees it.
    cache.set(token(4), 10_000);
    expect(cache.get('p')).toBeUndefined();
    // A lifetime that is no lifetime never widens the margin past the token's expiry.
    cache.set(token(1), -100_000);
    expect(cache.get('p', undefined, 30)).toBeUndefined();
  });
  it('keeps a token without expiry until dropped', () => {
    const cache = createTokenCache();
    cache.set(token(undefined));
    expect(cache.get('p')?.accessToken).toBe('at-undefined');
    cache.drop('p');
    expect(cache.get('p')).toBeUndefined();
  });
});
