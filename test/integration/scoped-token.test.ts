import { afterEach, describe, expect, it } from 'vitest';

import { signIn, startStack, type Stack } from './support.js';

const api = async (stack: Stack, path: string, token: string) =>
  (await fetch(new URL(path, stack.idp.issuer), { headers: { authorization: `Bearer ${token}` } }))
    .status;

// A broker hands tokens to sites allowed fewer scopes than the user signed in with: such a site
// gets an access token narrowed by a refresh with `scope` (RFC 6749 §6), never the session's own.
describe('getScopedToken: access tokens for a subset of the session scopes', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('narrows with a refresh, caches the narrow token, and leaves the session token alone', async () => {
    stack = await startStack({ rotateRefreshTokens: true }, { scopes: ['openid', 'api:read'] });
    const session = await signIn(stack);
    expect(await api(stack, '/api/read', session.accessToken)).toBe(200);

    const narrow = await stack.client.getScopedToken('dev', ['openid']);
    expect(narrow.scopes).toEqual(['openid']);
    expect(narrow.accessToken).not.toBe(session.accessToken);
    expect(await api(stack, '/api/me', narrow.accessToken)).toBe(200);
    expect(await api(stack, '/api/read', narrow.accessToken)).toBe(403); // insufficient_scope
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);

    // Cached while fresh: no second request; the session's token and scopes are unchanged.
    expect((await stack.client.getScopedToken('dev', ['openid'])).accessToken).toBe(
      narrow.accessToken,
    );
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);
    expect(await stack.client.getAccessToken('dev')).toBe(session.accessToken);
    expect((await stack.client.getTokenInfo('dev'))?.scopes.sort()).toEqual(['api:read', 'openid']);

    // The refresh token rotated by the narrowing was kept: a full refresh still works.
    const refreshed = await stack.client.refresh('dev');
    expect(await api(stack, '/api/read', refreshed.accessToken)).toBe(200);
  });

  it('gives the session token when it has no more than the scopes asked, and refuses others', async () => {
    stack = await startStack({}, { scopes: ['openid', 'api:read'] });
    const session = await signIn(stack);
    const same = await stack.client.getScopedToken('dev', ['api:read', 'openid']);
    expect(same.accessToken).toBe(session.accessToken);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(0);
    await expect(stack.client.getScopedToken('dev', ['email'])).rejects.toMatchObject({
      code: 'login_required',
    });
  });

  it('userinfo with scopes asks with the narrowed token', async () => {
    stack = await startStack({}, { scopes: ['openid', 'profile', 'email'] });
    await signIn(stack);
    expect(await stack.client.userinfo('dev')).toHaveProperty('email');
    const narrow = await stack.client.userinfo('dev', { scopes: ['openid'] });
    expect(narrow).toHaveProperty('sub');
    expect(narrow).not.toHaveProperty('email');
    expect(narrow).not.toHaveProperty('name');
  });

  it('overlapping calls each get their own scopes: a narrowing never shares another call result', async () => {
    stack = await startStack({ rotateRefreshTokens: true }, { scopes: ['openid', 'api:read'] });
    await signIn(stack);
    const [narrow, refreshed, withRead] = await Promise.all([
      stack.client.getScopedToken('dev', ['openid']),
      stack.client.refresh('dev'),
      stack.client.getScopedToken('dev', ['openid', 'api:read', 'openid']),
    ]);
    expect(narrow.scopes).toEqual(['openid']);
    expect(await api(stack, '/api/read', narrow.accessToken)).toBe(403);
    expect(refreshed.provider).toBe('dev');
    expect(refreshed.scopes.sort()).toEqual(['api:read', 'openid']);
    expect(await api(stack, '/api/read', refreshed.accessToken)).toBe(200);
    expect(await api(stack, '/api/read', withRead.accessToken)).toBe(200);
    // Run one after another, each with the refresh token the previous one left: all still valid.
    expect(await api(stack, '/api/me', narrow.accessToken)).toBe(200);
    expect((await stack.client.refresh('dev')).provider).toBe('dev');
  });

  it('keeps the rotated refresh token when it refuses the narrowed response (oversized token)', async () => {
    stack = await startStack({ rotateRefreshTokens: true }, { scopes: ['openid', 'api:read'] });
    await signIn(stack);
    stack.idp.setTamper((req) =>
      req.endpoint === 'token' && req.grantType === 'refresh_token'
        ? { rewriteJson: (json) => ({ ...json, access_token: 'x'.repeat(20_000) }) }
        : undefined,
    );
    await expect(stack.client.getScopedToken('dev', ['openid'])).rejects.toMatchObject({
      code: 'invalid_response',
    });
    stack.idp.setTamper(undefined);
    // The server rotated the refresh token before the answer was refused: the new one was kept.
    const refreshed = await stack.client.refresh('dev');
    expect(await api(stack, '/api/read', refreshed.accessToken)).toBe(200);
  });
});
