import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.js';
import { approveDeviceCode, loginOverHttp } from '../src/testing/index.js';

// The dev IdP seen by the library core builds on: every check oauth4webapi makes must pass.
let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

// http: is only for the loopback dev IdP.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function discover(server: DevIdp) {
  const issuer = new URL(server.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
}

describe('dev IdP through oauth4webapi', () => {
  it('passes discovery, RFC 9207 iss, PKCE, id_token, userinfo, refresh and revocation checks', async () => {
    const server = (idp = await startDevIdp());
    const as = await discover(server);
    const client: oauth.Client = { client_id: server.clientId };
    const auth = oauth.None();
    const redirectUri = server.redirectUris[0]!;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: server.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();

    const callback = new URL(await loginOverHttp(url.href, { login: 'hana' }));
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims.sub).toBe('hana');
    expect(claims.email).toBe('hana@example.test');
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oauth.processUserInfoResponse(
      as,
      client,
      claims.sub,
      await oauth.userInfoRequest(as, client, tokens.access_token, insecure),
    );
    expect(info).toMatchObject({ sub: 'hana', name: 'Hana', preferred_username: 'hana' });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(oauth.getValidatedIdTokenClaims(refreshed)?.sub).toBe('hana');

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, {
        ...insecure,
        additionalParameters: { token_type_hint: 'refresh_token' },
      }),
    );
    await expect(
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, refreshed.refresh_token!, insecure),
      ),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('fails its iss check when the tamper hook forges or drops iss', async () => {
    const server = (idp = await startDevIdp());
    const as = await discover(server);
    const client: oauth.Client = { client_id: server.clientId };
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: server.clientId,
      redirect_uri: server.redirectUris[0]!,
      response_type: 'code',
      scope: 'openid',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    for (const change of [
      (loc: URL) => (loc.searchParams.set('iss', 'http://127.0.0.1:1'), loc),
      (loc: URL) => (loc.searchParams.delete('iss'), loc),
    ]) {
      server.setTamper((ctx) =>
        ctx.endpoint === 'authorization' ? { rewriteRedirect: change } : undefined,
      );
      const callback = new URL(await loginOverHttp(url.href));
      expect(callback.searchParams.get('code')).toBeTruthy();
      expect(() => oauth.validateAuthResponse(as, client, callback, state)).toThrow(
        oauth.AuthorizationResponseError.prototype.constructor === Error ? Error : /iss/,
      );
    }
  });

  it('runs the device authorization grant', async () => {
    const server = (idp = await startDevIdp());
    const as = await discover(server);
    const client: oauth.Client = { client_id: server.clientId };
    const auth = oauth.None();
    const device = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, auth, { scope: 'openid' }, insecure),
    );
    await approveDeviceCode(device.verification_uri_complete!, { login: 'ivan' });
    const tokens = await oauth.processDeviceCodeResponse(
      as,
      client,
      await oauth.deviceCodeGrantRequest(as, client, auth, device.device_code, insecure),
    );
    expect(oauth.getValidatedIdTokenClaims(tokens)?.sub).toBe('ivan');
  });
});
