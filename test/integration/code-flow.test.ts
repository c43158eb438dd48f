import { afterEach, describe, expect, it } from 'vitest';

import { createClient } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { authorizeOverHttp, rawRefresh, signIn, startStack, type Stack } from './support.js';
import { untilRefreshDue } from './refresh-due.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('authorization code flow with PKCE against oidc-provider', () => {
  it('signs in, stores the tokens and returns only what may leave the core', async () => {
    stack = await startStack();
    const { url, state } = await stack.client.beginAuthorization('dev', {
      scopes: ['openid', 'profile'],
    });
    const request = new URL(url);
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('state')).toBe(state);
    expect(request.searchParams.get('nonce')).toBeTruthy();
    expect(request.searchParams.has('client_secret')).toBe(false);

    const info = await stack.client.completeAuthorization(
      await loginOverHttp(url, { login: 'dana' }),
    );
    expect(info.account?.sub).toBe('dana');
    expect(info.tokenType).toBe('Bearer');
    expect(info.expiresAt).toBeGreaterThan(Date.now());
    expect(Object.keys(info)).not.toContain('refreshToken');
    expect(JSON.stringify(info)).not.toContain(
      (await stack.storage.getTokens('dev'))!.refreshToken!,
    );

    const me = await fetch(stack.idp.apiUrl, {
      headers: { authorization: `Bearer ${await stack.client.getAccessToken('dev')}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { sub: string }).sub).toBe('dana');
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(1);
  });

  it('calls userinfo with the bearer token', async () => {
    stack = await startStack();
    await signIn(stack, 'erin');
    const claims = await stack.client.userinfo('dev');
    expect(claims.sub).toBe('erin');
    expect(claims.email).toBe('erin@example.test');
    expect(stack.idp.requests.count('userinfo')).toBe(1);
  });

  it('refreshes ahead of expiry and stores the rotated refresh token', async () => {
    stack = await startStack({ accessTokenTtl: 5 });
    await signIn(stack);
    const before = (await stack.storage.getTokens('dev'))!;
    // The margin of a 5 s token is half its lifetime (not the default 30 s): due after 2.5 s.
    await untilRefreshDue(stack);
    const token = await stack.client.getAccessToken('dev');
    const after = (await stack.storage.getTokens('dev'))!;
    expect(token).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.lastRefresh?.ok).toBe(true);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);
  });

  it('signs out by revoking at the server and forgetting locally', async () => {
    stack = await startStack();
    await signIn(stack);
    const { accessToken, refreshToken } = (await stack.storage.getTokens('dev'))!;
    await stack.client.signOut('dev');
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
    expect(
      stack.idp.requests.entries
        .filter((e) => e.endpoint === 'revocation')
        .map((e) => e.tokenTypeHint),
    ).toEqual(['refresh_token', 'access_token']);
    const me = await fetch(stack.idp.apiUrl, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(401);
    const reuse = await rawRefresh(stack, refreshToken!);
    expect(((await reuse.json()) as { error: string }).error).toBe('invalid_grant');
    await expect(stack.client.getAccessToken('dev')).rejects.toMatchObject({
      code: 'login_required',
    });
  });

  it('returns the app state kept with the transaction', async () => {
    stack = await startStack();
    const { url } = await stack.client.beginAuthorization('dev', { appState: '/inbox?x=1' });
    const info = await stack.client.completeAuthorization(await loginOverHttp(url));
    expect(info.appState).toBe('/inbox?x=1');
  });

  it('works with explicit endpoints and no discovery', async () => {
    stack = await startStack();
    const { idp } = stack;
    stack.client = createClient({
      providers: [
        {
          id: 'plain',
          clientId: idp.clientId,
          authorizationEndpoint: `${idp.issuer}/auth`,
          tokenEndpoint: `${idp.issuer}/token`,
          revocationEndpoint: `${idp.issuer}/token/revocation`,
          redirectUri: idp.redirectUris[0]!,
          scopes: ['profile'],
        },
      ],
      storage: stack.storage,
    });
    const info = await stack.client.completeAuthorization(
      await authorizeOverHttp(stack, 'fay', 'plain'),
    );
    expect(info.accessToken).toBeTruthy();
    expect(idp.requests.count('discovery')).toBe(0);
  });
});
