import { loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { startStack, type Stack } from './support.js';

/** The claims of a JWT access token (RFC 9068), unverified: only to read its audience. */
const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

describe('per-call authorization parameters', () => {
  let stack: Stack;
  afterEach(() => stack?.close());

  it('puts each parameter in the authorization request and refuses malformed ones before anything is stored', async () => {
    stack = await startStack();
    const a = `${stack.idp.issuer}/api/a`;
    const { url } = await stack.client.beginAuthorization('dev', {
      audience: 'https://api.example.com',
      resource: [`${stack.idp.issuer}/api/b`, a, a],
      acrValues: 'urn:mace:incommon:iap:silver',
      maxAge: 600,
      uiLocales: ['fr-CA', 'en'],
      loginHint: 'bob@example.com',
      // The call's own parameters win over extra ones of the same name.
      extraParams: { ui_locales: 'de' },
    });
    const params = new URL(url).searchParams;
    expect(params.get('audience')).toBe('https://api.example.com');
    expect(params.getAll('resource')).toEqual([a, `${stack.idp.issuer}/api/b`]);
    expect(params.get('acr_values')).toBe('urn:mace:incommon:iap:silver');
    expect(params.get('max_age')).toBe('600');
    expect(params.getAll('ui_locales')).toEqual(['fr-CA en']);
    expect(params.get('login_hint')).toBe('bob@example.com');

    for (const bad of [
      { resource: 'api/relative' },
      { resource: `${stack.idp.issuer}/api#frag` },
      { resource: Array.from({ length: 11 }, (_, i) => `https://r${i}.example`) },
      { resource: [42] },
      { maxAge: -1 },
      { maxAge: 1.5 },
      { maxAge: '60' },
      { uiLocales: 'en_US' },
      { acrValues: ['a b'] },
      { loginHint: 'bob\r\nx' },
      { audience: { toString: () => 'x' } },
      { prompt: 'login\nconsent' },
    ]) {
      await expect(
        stack.client.beginAuthorization('dev', bad as never),
        JSON.stringify(bad),
      ).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(stack.idp.requests.count('authorization')).toBe(0);
  });

  it('login_hint reaches the provider: the login page proposes that account', async () => {
    stack = await startStack();
    const { url } = await stack.client.beginAuthorization('dev', { loginHint: 'carol' });
    // The form driver logs in as the login page's pre-filled name when given none.
    const info = await stack.client.completeAuthorization(await loginOverHttp(url));
    expect(info.account?.sub).toBe('carol');
  });

  it('a token for one resource is bound to it and never handed out for another', async () => {
    stack = await startStack({}, { scopes: ['openid', 'api:read'] });
    const a = `${stack.idp.issuer}/api/a`;
    const b = `${stack.idp.issuer}/api/b`;
    const { url } = await stack.client.beginAuthorization('dev', { resource: a });
    const session = await stack.client.completeAuthorization(await loginOverHttp(url));
    expect(claimsOf(session.accessToken).aud).toBe(a);

    // Asking for A gives the session's token; asking for B must not.
    expect((await stack.client.getToken('dev', { resource: a })).accessToken).toBe(
      session.accessToken,
    );
    // The session's refresh keeps the token bound to A (RFC 8707 §2.2).
    const refreshed = await stack.client.refresh('dev');
    expect(claimsOf(refreshed.accessToken).aud).toBe(a);
    expect((await stack.client.getToken('dev', { resource: a })).accessToken).toBe(
      refreshed.accessToken,
    );
    // B is not in the grant: the server refuses, and A's token is not handed out instead.
    // (oidc-provider rotates the refresh token before it refuses the resource, so this is last.)
    await expect(stack.client.getToken('dev', { resource: b })).rejects.toMatchObject({
      error: 'invalid_target',
    });
  });

  it('with several resources, gets and caches a token per resource by refresh', async () => {
    const bodies: URLSearchParams[] = [];
    stack = await startStack(
      {
        tamper: ({ endpoint, grantType, body }) => {
          if (endpoint === 'token' && grantType === 'refresh_token' && body) bodies.push(body);
          return undefined;
        },
      },
      { scopes: ['openid', 'api:read'] },
    );
    const a = `${stack.idp.issuer}/api/a`;
    const b = `${stack.idp.issuer}/api/b`;
    const { url } = await stack.client.beginAuthorization('dev', { resource: [a, b] });
    const session = await stack.client.completeAuthorization(await loginOverHttp(url));

    const forA = await stack.client.getToken('dev', { resource: a });
    const forB = await stack.client.getToken('dev', { resource: [b] });
    expect(claimsOf(forA.accessToken).aud).toBe(a);
    expect(claimsOf(forB.accessToken).aud).toBe(b);
    expect(forA.scopes).toEqual(['api:read']);
    expect(bodies.map((body) => body.getAll('resource'))).toEqual([[a], [b]]);

    // Cached per resource: no new request, and each stays with its own resource.
    expect((await stack.client.getToken('dev', { resource: a })).accessToken).toBe(
      forA.accessToken,
    );
    expect((await stack.client.getToken('dev', { resource: b })).accessToken).toBe(
      forB.accessToken,
    );
    expect(bodies).toHaveLength(2);
    // No resource asked: the session's own token, for neither resource.
    expect(await stack.client.getAccessToken('dev')).toBe(session.accessToken);
    await expect(
      stack.client.getToken('dev', { resource: 'https://elsewhere.example/' }),
    ).rejects.toMatchObject({ error: 'invalid_target' });
  });

  it('max_age: auth_time is required and checked, at sign-in and per call', async () => {
    stack = await startStack();
    // A session signed in without max_age has no auth_time: a call with maxAge does not take it.
    await stack.client.completeAuthorization(
      await loginOverHttp((await stack.client.beginAuthorization('dev')).url),
    );
    await expect(stack.client.getToken('dev', { maxAge: 3600 })).rejects.toMatchObject({
      code: 'login_required',
    });
    const { url } = await stack.client.beginAuthorization('dev', { maxAge: 3600 });
    await stack.client.completeAuthorization(await loginOverHttp(url));
    await expect(stack.client.getToken('dev', { maxAge: 3600 })).resolves.toBeDefined();
    // acr: the dev IdP names none, so a session cannot meet a required class.
    await expect(
      stack.client.getToken('dev', { acrValues: 'urn:example:mfa' }),
    ).rejects.toMatchObject({ code: 'login_required' });
    await expect(stack.client.getToken('dev', { maxAge: -5 })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
