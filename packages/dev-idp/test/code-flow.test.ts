import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp, type DevIdpOptions } from '../src/index.js';
import { HttpBrowser, loginOverHttp } from '../src/testing/index.js';
import { authorizationRequest, authorize, jwtClaims, postForm, redeem } from './support/flows.js';

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});
const start = async (options?: DevIdpOptions) => (idp = await startDevIdp(options));

describe('dev IdP: discovery', () => {
  it('advertises RFC 8414 metadata with S256 only and RFC 9207 iss', async () => {
    const server = await start();
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const meta = (await (
      await fetch(`${server.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(server.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.token_endpoint).toBe(`${server.issuer}/token`);
    expect(meta.revocation_endpoint).toBe(`${server.issuer}/token/revocation`);
    expect(meta.device_authorization_endpoint).toBe(`${server.issuer}/device/auth`);
    expect(meta.userinfo_endpoint).toBe(`${server.issuer}/me`);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(['offline_access', 'api:read']));
    const oauth = (await (
      await fetch(`${server.issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(oauth.issuer).toBe(server.issuer);
  });
});

describe('dev IdP: authorization code + PKCE', () => {
  it('issues tokens with a refresh token, rotates it, revokes, and guards the demo API', async () => {
    const server = await start();
    const flow = await authorize(server, {}, { login: 'bob' });
    expect(flow.callback.origin + flow.callback.pathname).toBe(flow.redirectUri);
    expect(flow.callback.searchParams.get('state')).toBe(flow.state);
    expect(flow.callback.searchParams.get('iss')).toBe(server.issuer);
    // One authorization request; oidc-provider's resumes after login and consent are not counted.
    expect(server.requests.count('authorization')).toBe(1);
    expect(server.requests.list('authorization').filter((e) => e.resume)).toHaveLength(2);
    expect(server.requests.count('token')).toBe(0);

    const tokens = await redeem(server, flow);
    expect(tokens.status).toBe(200);
    expect(tokens.json.token_type).toBe('Bearer');
    expect(tokens.json.refresh_token).toBeTruthy();
    const idToken = jwtClaims(tokens.json.id_token!);
    expect(idToken).toMatchObject({ sub: 'bob', iss: server.issuer, aud: server.clientId });
    expect(idToken.email).toBe('bob@example.test');

    const me = await fetch(server.apiUrl, {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ sub: 'bob', client_id: server.clientId });

    const userinfo = await fetch(`${server.issuer}/me`, {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ sub: 'bob', preferred_username: 'bob' });

    const refreshed = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.json.refresh_token!,
      client_id: server.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toBeTruthy();
    expect(refreshed.json.refresh_token).not.toBe(tokens.json.refresh_token);
    expect(server.requests.count('token', 'refresh_token')).toBe(1);
    expect(server.requests.count('token', 'authorization_code')).toBe(1);

    // The rotated-out refresh token is dead (RFC 9700 §4.14.2).
    const reused = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.json.refresh_token!,
      client_id: server.clientId,
    });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');

    const revoke = await postForm(`${server.issuer}/token/revocation`, {
      token: refreshed.json.access_token!,
      token_type_hint: 'access_token',
      client_id: server.clientId,
    });
    expect(revoke.status).toBe(200);
    expect(server.requests.count('revocation')).toBe(1);
    expect(server.requests.entries.at(-1)).toMatchObject({
      endpoint: 'revocation',
      tokenTypeHint: 'access_token',
    });
    const after = await fetch(server.apiUrl, {
      headers: { authorization: `Bearer ${refreshed.json.access_token}` },
    });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('keeps the refresh token when rotation is off', async () => {
    const server = await start({ rotateRefreshTokens: false });
    const tokens = await redeem(server, await authorize(server));
    const refreshed = await postForm(`${server.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.json.refresh_token!,
      client_id: server.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toBe(tokens.json.refresh_token);
  });

  it('grants offline_access and the custom api:read scope', async () => {
    const server = await start({ accessTokenTtl: 120 });
    // oidc-provider keeps offline_access only with prompt=consent (OpenID Connect Core §11) ...
    const flow = await authorize(server, {
      scope: 'openid profile email offline_access api:read',
      prompt: 'consent',
    });
    const tokens = await redeem(server, flow);
    expect(tokens.json.scope!.split(' ').sort()).toEqual([
      'api:read',
      'email',
      'offline_access',
      'openid',
      'profile',
    ]);
    expect(tokens.json.refresh_token).toBeTruthy();
    // ... and drops it silently otherwise; the refresh token comes all the same.
    const plain = await redeem(server, await authorize(server, { scope: 'openid offline_access' }));
    expect(plain.json.scope).toBe('openid');
    expect(plain.json.refresh_token).toBeTruthy();
    expect(Number(tokens.json.expires_in)).toBeLessThanOrEqual(120);
    expect(Number(tokens.json.expires_in)).toBeGreaterThan(100);
    const read = await fetch(server.apiUrl.replace('/api/me', '/api/read'), {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(read.status).toBe(200);

    const narrow = await redeem(server, await authorize(server, { scope: 'openid' }));
    expect(narrow.json.refresh_token).toBeTruthy(); // no offline_access needed
    const denied = await fetch(server.apiUrl.replace('/api/me', '/api/read'), {
      headers: { authorization: `Bearer ${narrow.json.access_token}` },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('refuses a code redeemed without its PKCE verifier, or twice', async () => {
    const server = await start();
    const flow = await authorize(server);
    const missing = await postForm(`${server.issuer}/token`, {
      grant_type: 'authorization_code',
      code: flow.callback.searchParams.get('code')!,
      redirect_uri: flow.redirectUri,
      client_id: server.clientId,
    });
    expect(missing.json.error).toBe('invalid_grant');

    const other = await authorize(server);
    expect((await redeem(server, other)).status).toBe(200);
    expect((await redeem(server, other)).json.error).toBe('invalid_grant');
  });

  it('refuses an authorization request without PKCE or with an unregistered redirect URI', async () => {
    const server = await start();
    const noPkce = authorizationRequest(server);
    const url = new URL(noPkce.url);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const callback = new URL(await loginOverHttp(url.href));
    expect(callback.searchParams.get('error')).toBe('invalid_request');

    const wrong = authorizationRequest(server, { redirect_uri: 'http://127.0.0.1:1/elsewhere' });
    await expect(loginOverHttp(wrong.url)).rejects.toThrow(/400/);
  });

  it('accepts the extra redirect URIs and extra clients', async () => {
    const server = await start({
      redirectUris: ['https://abcdefghijklmnop.chromiumapp.org/'],
      extraClients: [
        {
          client_id: 'other-app',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://127.0.0.1/other'],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
    });
    const ext = await authorize(server, {
      redirect_uri: 'https://abcdefghijklmnop.chromiumapp.org/',
    });
    expect(ext.callback.origin).toBe('https://abcdefghijklmnop.chromiumapp.org');
    expect(ext.callback.searchParams.get('code')).toBeTruthy();

    const other = await authorize(server, {
      client_id: 'other-app',
      redirect_uri: 'http://127.0.0.1/other',
    });
    const tokens = await postForm(`${server.issuer}/token`, {
      grant_type: 'authorization_code',
      code: other.callback.searchParams.get('code')!,
      redirect_uri: other.redirectUri,
      client_id: 'other-app',
      code_verifier: other.verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json.refresh_token).toBeUndefined(); // no refresh_token grant for that client
  });
});

describe('dev IdP: loginOverHttp', () => {
  it('returns the error redirect when the user denies at login or at consent', async () => {
    const server = await start();
    for (const options of [{ deny: true }, { consent: false }]) {
      const request = authorizationRequest(server);
      const callback = new URL(await loginOverHttp(request.url, options));
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe(request.state);
      expect(callback.searchParams.get('iss')).toBe(server.issuer);
    }
    expect(server.requests.count('token')).toBe(0);
  });

  it('answers prompt=none with login_required without a session, and with a code inside one', async () => {
    const server = await start();
    const silent = authorizationRequest(server, { prompt: 'none' });
    const callback = new URL(await loginOverHttp(silent.url));
    expect(callback.searchParams.get('error')).toBe('login_required');

    const browser = new HttpBrowser();
    await authorize(server, {}, { browser, login: 'dave' });
    const again = await authorize(server, { prompt: 'none' }, { browser });
    const tokens = await redeem(server, again);
    expect(jwtClaims(tokens.json.id_token!).sub).toBe('dave');
  });

  it('logs in as the login_hint when no login is given', async () => {
    const server = await start();
    const tokens = await redeem(server, await authorize(server, { login_hint: 'erin' }));
    expect(jwtClaims(tokens.json.id_token!).sub).toBe('erin');
  });
});
