import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';

import { startRobloxEmulation, type RobloxEmulation } from '../src/index.js';
import { loginOverHttp } from '../src/testing/index.js';
import {
  decodeJwt,
  emulationAuthorize,
  emulationRequest,
  post,
  redeemAt,
} from './support/emulation-flows.js';

let em: RobloxEmulation | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** The server as a client configured with Roblox's endpoints sees it: no discovery. */
function serverOf(server: RobloxEmulation): oauth.AuthorizationServer {
  return {
    issuer: server.issuer,
    authorization_endpoint: server.endpoints.authorize,
    token_endpoint: server.endpoints.token,
    revocation_endpoint: server.endpoints.revoke!,
    userinfo_endpoint: server.endpoints.userinfo!,
    id_token_signing_alg_values_supported: ['ES256'],
  };
}

describe('Roblox Open Cloud emulation', () => {
  it('signs in with openid profile, ES256 id_token, userinfo, two rotating refreshes and revocation (oauth4webapi)', async () => {
    const server = (em = await startRobloxEmulation());
    const as = serverOf(server);
    const client: oauth.Client = { client_id: server.clientId };
    const auth = oauth.None();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    expect(url.pathname).toBe('/oauth/v1/authorize');
    url.search = new URLSearchParams({
      client_id: server.clientId,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      redirect_uri: server.redirectUris[0]!,
      scope: 'openid profile',
      response_type: 'code',
      state,
      nonce,
    }).toString();
    const callback = new URL(await loginOverHttp(url.href, { login: 'linksgoat' }));
    expect(callback.searchParams.has('iss')).toBe(false);
    expect(callback.searchParams.get('state')).toBe(state);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        auth,
        params,
        server.redirectUris[0]!,
        verifier,
        insecure,
      ),
      { expectedNonce: nonce, requireIdToken: true },
    );
    expect(tokens.expires_in).toBe(899);
    expect(tokens.scope).toBe('openid profile');
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims.iss).toBe(`${server.origin}/oauth/`);
    expect(claims.sub).toMatch(/^\d+$/);
    expect(claims).toMatchObject({ preferred_username: 'linksgoat', nickname: 'linksgoat' });

    // The id_token's ES256 signature verifies with the published key.
    const { header } = decodeJwt(tokens.id_token!);
    expect(header.alg).toBe('ES256');
    const jwks = (await (await fetch(server.endpoints.jwks!)).json()) as { keys: JsonWebKey[] };
    const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
    expect(jwk.d).toBeUndefined();
    const [h, c, s] = tokens.id_token!.split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${c}`),
        { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        Buffer.from(s!, 'base64url'),
      ),
    ).toBe(true);

    const info = await oauth.processUserInfoResponse(
      as,
      client,
      claims.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    expect(info).toMatchObject({ sub: claims.sub, preferred_username: 'linksgoat' });

    let refreshToken = tokens.refresh_token!;
    for (let i = 0; i < 2; i++) {
      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, insecure),
      );
      expect(refreshed.refresh_token).toBeTruthy();
      expect(refreshed.refresh_token).not.toBe(refreshToken);
      // Rotation: the old refresh token is spent.
      const reused = await post(server.endpoints.token, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: server.clientId,
      });
      expect(reused.status).toBe(400);
      expect(reused.json.error).toBe('invalid_grant');
      refreshToken = refreshed.refresh_token!;
      expect(server.isActive(refreshed.access_token)).toBe(true);
    }

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, refreshToken, insecure),
    );
    const after = await fetch(server.endpoints.userinfo!, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    // The client never needed discovery, and there is none.
    expect(server.requests.count('discovery')).toBe(0);
    expect((await fetch(`${server.issuer}.well-known/openid-configuration`)).status).toBe(404);
  });

  it('answers a denied or malformed authorization with error, error_description and state', async () => {
    const server = (em = await startRobloxEmulation());
    const denied = await emulationAuthorize(server, 'openid profile', {}, { deny: true });
    expect(denied.callback.searchParams.get('error')).toBe('access_denied');
    expect(denied.callback.searchParams.get('error_description')).toBeTruthy();
    expect(denied.callback.searchParams.get('state')).toBe(denied.state);
    for (const [params, error] of [
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: 'SHA256' }, 'invalid_request'],
      [{ scope: 'openid universe:write' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
    ] as const) {
      const request = emulationRequest(server, 'openid profile', params);
      const res = await fetch(request.url, { redirect: 'manual' });
      const location = new URL(res.headers.get('location')!);
      expect(location.href.startsWith(request.redirectUri)).toBe(true);
      expect(location.searchParams.get('error')).toBe(error);
      expect(location.searchParams.get('error_description')).toBeTruthy();
      expect(location.searchParams.get('state')).toBe(request.state);
    }
    const noPkce = new URL(emulationRequest(server, 'openid').url);
    noPkce.searchParams.delete('code_challenge');
    const res = await fetch(noPkce, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('sends nothing to a redirect URI that is not registered exactly', async () => {
    const server = (em = await startRobloxEmulation({
      redirectUris: ['https://example.com/redirect'],
    }));
    for (const redirectUri of [
      'https://example.com/redirect/',
      'https://example.com/redirect?x=1',
      'https://evil.example/redirect',
    ]) {
      const res = await fetch(
        emulationRequest(server, 'openid', { redirect_uri: redirectUri }).url,
        { redirect: 'manual' },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    const ok = await fetch(
      emulationRequest(server, 'openid', { redirect_uri: 'https://example.com/redirect' }).url,
      { redirect: 'manual' },
    );
    expect(ok.status).toBe(303);
  });

  it('redeems a code once, with its verifier and its redirect URI only', async () => {
    const server = (em = await startRobloxEmulation({ autoApprove: 'alice' }));
    const wrongVerifier = await emulationAuthorize(server, 'openid');
    const bad = await redeemAt(server, wrongVerifier, {
      overrides: { code_verifier: 'x'.repeat(43) },
    });
    expect([bad.status, bad.json.error]).toEqual([400, 'invalid_grant']);

    const otherRedirect = await emulationAuthorize(server, 'openid');
    const moved = await redeemAt(server, otherRedirect, {
      overrides: { redirect_uri: `${server.origin}/elsewhere` },
    });
    expect(moved.json.error).toBe('invalid_grant');

    const flow = await emulationAuthorize(server, 'openid');
    const first = await redeemAt(server, flow);
    expect(first.status).toBe(200);
    const token = first.json.access_token as string;
    expect(server.isActive(token)).toBe(true);
    const second = await redeemAt(server, flow);
    expect([second.status, second.json.error]).toEqual([400, 'invalid_grant']);
    // A replayed code revokes what the first redemption gave (RFC 6749 §4.1.2).
    expect(server.isActive(token)).toBe(false);
  });

  it('expects form-encoded token requests', async () => {
    const server = (em = await startRobloxEmulation({ autoApprove: 'alice' }));
    const flow = await emulationAuthorize(server, 'openid');
    const json = await redeemAt(server, flow, { json: true });
    expect([json.status, json.json.error]).toEqual([400, 'invalid_request']);
  });
});
