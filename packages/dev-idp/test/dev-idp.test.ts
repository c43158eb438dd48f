import { createHash, randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.js';
import { approveDeviceCode, loginOverHttp } from '../src/testing/index.js';

const b64url = (buf: Buffer) => buf.toString('base64url');

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

async function authorize(server: DevIdp, login = 'alice') {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const redirectUri = server.redirectUris[0]!;
  const url = new URL(`${server.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: server.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    state: 'st-1',
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const callback = new URL(await loginOverHttp(url.href, { login }));
  return { callback, verifier, redirectUri };
}

async function post(url: string, form: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

describe('dev IdP', () => {
  it('advertises RFC 8414 metadata with S256 and RFC 9207 iss', async () => {
    idp = await startDevIdp();
    const meta = (await (
      await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.revocation_endpoint).toBe(`${idp.issuer}/token/revocation`);
    expect(meta.device_authorization_endpoint).toBe(`${idp.issuer}/device/auth`);
  });

  it('runs the code flow with PKCE, rotates refresh tokens, revokes, and guards the demo API', async () => {
    idp = await startDevIdp();
    const { callback, verifier, redirectUri } = await authorize(idp, 'bob');
    expect(callback.searchParams.get('state')).toBe('st-1');
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const code = callback.searchParams.get('code')!;

    const tokens = await post(`${idp.issuer}/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: idp.clientId,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json.refresh_token).toBeTruthy();
    expect(tokens.json.id_token).toBeTruthy();

    const me = await fetch(idp.apiUrl, {
      headers: { authorization: `Bearer ${tokens.json.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { sub: string }).sub).toBe('bob');

    const refreshed = await post(`${idp.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.json.refresh_token!,
      client_id: idp.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(tokens.json.refresh_token);
    expect(idp.requests.count('token', 'refresh_token')).toBe(1);

    const reused = await post(`${idp.issuer}/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.json.refresh_token!,
      client_id: idp.clientId,
    });
    expect(reused.json.error).toBe('invalid_grant');

    const revoke = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshed.json.access_token!,
        token_type_hint: 'access_token',
        client_id: idp.clientId,
      }),
    });
    expect(revoke.status).toBe(200);
    const after = await fetch(idp.apiUrl, {
      headers: { authorization: `Bearer ${refreshed.json.access_token}` },
    });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a token request without the PKCE verifier', async () => {
    idp = await startDevIdp();
    const { callback, redirectUri } = await authorize(idp);
    const res = await post(`${idp.issuer}/token`, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      client_id: idp.clientId,
    });
    expect(res.json.error).toBe('invalid_grant');
  });

  it('lets the tamper hook answer instead of the provider and rewrite its redirects', async () => {
    idp = await startDevIdp({
      tamper: (ctx) =>
        ctx.endpoint === 'authorization'
          ? { rewriteRedirect: (loc) => (loc.searchParams.set('iss', 'https://evil.example'), loc) }
          : ctx.endpoint === 'token'
            ? { status: 500, body: '{"error":"server_error"}' }
            : undefined,
    });
    const { callback, verifier, redirectUri } = await authorize(idp);
    expect(callback.searchParams.get('iss')).toBe('https://evil.example');
    const res = await post(`${idp.issuer}/token`, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code')!,
      redirect_uri: redirectUri,
      client_id: idp.clientId,
      code_verifier: verifier,
    });
    expect(res.status).toBe(500);
    expect(idp.requests.count('token', 'authorization_code')).toBe(1);
  });

  it('runs the device flow, approved over HTTP', async () => {
    idp = await startDevIdp();
    const start = await post(`${idp.issuer}/device/auth`, {
      client_id: idp.clientId,
      scope: 'openid',
    });
    expect(start.status).toBe(200);
    const pending = await post(`${idp.issuer}/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: start.json.device_code!,
      client_id: idp.clientId,
    });
    expect(pending.json.error).toBe('authorization_pending');
    await approveDeviceCode(start.json.verification_uri_complete!, { login: 'carol' });
    const done = await post(`${idp.issuer}/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: start.json.device_code!,
      client_id: idp.clientId,
    });
    expect(done.status).toBe(200);
    expect(done.json.access_token).toBeTruthy();
  });
});
