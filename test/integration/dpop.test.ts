import { createClient, createCodeFlowClient, type ProviderConfig } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { freshStorage, rawRefresh, startStack, type Stack } from './support.js';

// RFC 9449 DPoP with oidc-provider: a `dpop: true` provider gets sender-constrained tokens, bound to
// a non-extractable key kept with the session; the dev IdP's demo API checks the proofs (§7.1).
describe('DPoP-bound tokens (RFC 9449)', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  async function dpopClient() {
    stack = await startStack({ rotateRefreshTokens: true });
    const provider: ProviderConfig = {
      ...stack.provider,
      dpop: true,
      scopes: ['openid', 'api:read'],
      resourceOrigins: [stack.idp.origin],
    };
    const storage = freshStorage();
    const client = createClient({ providers: [provider], storage });
    return { client, storage };
  }

  const api = (path: string) => new URL(path, stack.idp.issuer).href;

  it('binds the code (dpop_jkt) and the tokens to a non-extractable key, and the API accepts only proofs', async () => {
    const { client, storage } = await dpopClient();
    const { url } = await client.beginAuthorization('dev');
    expect(new URL(url).searchParams.get('dpop_jkt')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const info = await client.completeAuthorization(await loginOverHttp(url, { login: 'alice' }));
    expect(info.tokenType).toBe('DPoP');
    const record = (await storage.getTokens('dev'))!;
    expect(record.dpopKey?.privateKey.extractable).toBe(false);

    // Used as a bearer token (stolen, without the key), the access token is refused.
    const bearer = await fetch(api('/api/me'), {
      headers: { authorization: `Bearer ${info.accessToken}` },
    });
    expect(bearer.status).toBe(401);
    // With a proof, through core: accepted, at the API and at userinfo.
    expect((await client.resourceRequest('dev', { url: api('/api/read') })).status).toBe(200);
    expect(await client.userinfo('dev')).toMatchObject({ sub: 'alice' });
    await expect(
      client.resourceRequest('dev', { url: 'https://elsewhere.example/' }),
    ).rejects.toMatchObject({ code: 'origin_not_allowed' });
    storage.close();
  });

  it('refreshes with a proof of the same key; the refresh token alone is useless', async () => {
    const { client, storage } = await dpopClient();
    const { url } = await client.beginAuthorization('dev');
    const first = await client.completeAuthorization(await loginOverHttp(url, { login: 'alice' }));
    const { refreshToken } = (await storage.getTokens('dev'))!;

    // The refresh token without a proof: refused by the server.
    const stolen = await rawRefresh(stack, refreshToken!);
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });

    const refreshed = await client.refresh('dev');
    expect(refreshed.tokenType).toBe('DPoP');
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect((await client.resourceRequest('dev', { url: api('/api/me') })).status).toBe(200);
    // A token narrowed to fewer scopes is bound to the same key.
    const narrow = await client.getScopedToken('dev', ['openid']);
    expect(narrow.tokenType).toBe('DPoP');
    const read = await client.resourceRequest(
      'dev',
      { url: api('/api/read') },
      { accessToken: narrow.accessToken },
    );
    expect(read.status).toBe(403);
    storage.close();
  });

  it('refuses a bearer token on refresh too, keeping the rotated refresh token', async () => {
    const { client, storage } = await dpopClient();
    const { url } = await client.beginAuthorization('dev');
    await client.completeAuthorization(await loginOverHttp(url, { login: 'alice' }));
    stack.idp.setTamper((req) =>
      req.grantType === 'refresh_token'
        ? { rewriteJson: (json) => ({ ...json, token_type: 'Bearer' }) }
        : undefined,
    );
    await expect(client.refresh('dev')).rejects.toMatchObject({ code: 'invalid_response' });
    stack.idp.setTamper(undefined);
    expect((await client.refresh('dev')).tokenType).toBe('DPoP');
    storage.close();
  });

  it('refuses a bearer token from a server asked for DPoP, and stores nothing', async () => {
    const { client, storage } = await dpopClient();
    stack.idp.setTamper((req) =>
      req.endpoint === 'token'
        ? { rewriteJson: (json) => ({ ...json, token_type: 'Bearer' }) }
        : undefined,
    );
    const { url } = await client.beginAuthorization('dev');
    await expect(
      client.completeAuthorization(await loginOverHttp(url, { login: 'alice' })),
    ).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await storage.getTokens('dev')).toBeUndefined();
    storage.close();
  });
});

describe('DPoP with server nonces (RFC 9449 §8)', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('retries once with the nonce the server asked for: sign-in, refresh and userinfo all succeed', async () => {
    stack = await startStack({ dpopNonce: true }, { dpop: true });
    const { url } = await stack.client.beginAuthorization('dev');
    const info = await stack.client.completeAuthorization(
      await loginOverHttp(url, { login: 'alice' }),
    );
    expect(info.tokenType).toBe('DPoP');
    // The first proof carried no nonce: answered use_dpop_nonce, then sent again with it.
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(2);
    expect((await stack.client.refresh('dev')).tokenType).toBe('DPoP');
    // Here every request reads the key anew from IndexedDB (a new object, so a new proof handle
    // without the last nonce): refused once for want of the nonce, then sent again with it.
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(2);
    expect(await stack.client.userinfo('dev')).toMatchObject({ sub: 'alice' });
    expect(stack.idp.requests.count('userinfo')).toBe(2);
  });
});

describe('DPoP with a resource server nonce (RFC 9449 §9)', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('sends a resource request once more with the nonce the API asked for', async () => {
    stack = await startStack({ apiDpopNonce: true });
    const provider: ProviderConfig = {
      ...stack.provider,
      dpop: true,
      resourceOrigins: [stack.idp.origin],
    };
    const client = createClient({ providers: [provider], storage: stack.storage });
    const { url } = await client.beginAuthorization('dev');
    await client.completeAuthorization(await loginOverHttp(url, { login: 'alice' }));
    const response = await client.resourceRequest('dev', { url: stack.idp.apiUrl });
    expect(response.status).toBe(200);
    expect(stack.idp.requests.count('api')).toBe(2);
  });
});

describe('DPoP and the code-flow client', () => {
  it('createCodeFlowClient refuses a dpop provider (it leaves DPoP out), naming it', () => {
    const provider: ProviderConfig = {
      id: 'bound',
      issuer: 'https://login.example',
      clientId: 'app',
      redirectUri: 'https://app.example/',
      dpop: true,
    };
    expect(() => createCodeFlowClient({ providers: [provider] })).toThrow(/dpop of bound/);
    expect(() => createClient({ providers: [provider] })).not.toThrow();
  });
});
