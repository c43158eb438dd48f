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
  it('keeps a token without expiry until dropped', () => {
    const cache = createTokenCache();
    cache.set(token(undefined));
    expect(cache.get('p')?.accessToken).toBe('at-undefined');
    cache.drop('p');
    expect(cache.get('p')).toBeUndefined();
  });
});
