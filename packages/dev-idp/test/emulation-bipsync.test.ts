import * as oauth from 'oauth4webapi';
import { afterEach, describe, expect, it } from 'vitest';

import { startBipsyncEmulation, type BipsyncEmulation } from '../src/index.js';
import { HttpBrowser, parseForms } from '../src/testing/form-driver.js';
import { emulationAuthorize, post, redeemAt } from './support/emulation-flows.js';

let em: BipsyncEmulation | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

const insecure = { [oauth.allowInsecureRequests]: true } as const;

async function discover(server: BipsyncEmulation, algorithm: 'oauth2' | 'oidc' = 'oauth2') {
  const issuer = new URL(server.issuer);
  return oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { ...insecure, algorithm }),
  );
}

describe('Bipsync emulation', () => {
  it('publishes RFC 8414 metadata only, and runs code, refresh and Bearer API calls from it', async () => {
    const server = (em = await startBipsyncEmulation({ autoApprove: 'bea' }));
    const as = await discover(server);
    expect(as).toMatchObject({
      issuer: server.origin,
      authorization_endpoint: server.endpoints.authorize,
      token_endpoint: server.endpoints.token,
      device_authorization_endpoint: server.endpoints.deviceAuthorization,
      code_challenge_methods_supported: ['S256'],
    });
    expect(as.grant_types_supported).toContain('client_credentials');
    expect(as.revocation_endpoint).toBeUndefined();
    await expect(discover(server, 'oidc')).rejects.toThrow();

    const client: oauth.Client = { client_id: server.clientId };
    const flow = await emulationAuthorize(server, 'read');
    const params = oauth.validateAuthResponse(as, client, flow.callback, flow.state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.None(),
        params,
        flow.redirectUri,
        flow.verifier,
        insecure,
      ),
    );
    let refreshToken = tokens.refresh_token!;
    let accessToken = tokens.access_token;
    for (let i = 0; i < 2; i++) {
      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, insecure),
      );
      expect(refreshed.refresh_token).not.toBe(refreshToken);
      refreshToken = refreshed.refresh_token!;
      accessToken = refreshed.access_token;
    }
    const me = await fetch(server.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: 'bea', scope: 'read' });
    const quoted = await fetch(server.apiUrl, {
      headers: { authorization: `Bearer "${accessToken}"` },
    });
    expect(quoted.status).toBe(401);
    expect(quoted.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('runs the device authorization grant: pending, then approved at the verification page', async () => {
    const server = (em = await startBipsyncEmulation({ deviceInterval: 1 }));
    const as = await discover(server);
    const client: oauth.Client = { client_id: server.clientId };
    const device = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: 'read' }, insecure),
    );
    expect(device.interval).toBe(1);
    const poll = () =>
      oauth.deviceCodeGrantRequest(as, client, oauth.None(), device.device_code, insecure);
    await expect(oauth.processDeviceCodeResponse(as, client, await poll())).rejects.toMatchObject({
      error: 'authorization_pending',
    });

    // The user at the verification page, as a browser would submit its form.
    const browser = new HttpBrowser();
    const pageUrl = new URL(device.verification_uri_complete!);
    const form = parseForms(await (await browser.request(pageUrl)).text(), pageUrl)[0]!;
    expect(form.fields.get('user_code')).toBe(device.user_code);
    form.fields.set('login', 'dev');
    const done = await browser.request(form.action, { form: form.fields });
    expect(await done.text()).toContain('data-device-page="success"');

    const tokens = await oauth.processDeviceCodeResponse(as, client, await poll());
    const me = await fetch(server.apiUrl, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toMatchObject({ id: 'dev' });
    // The device code is spent.
    await expect(oauth.processDeviceCodeResponse(as, client, await poll())).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const deniedDevice = await post(server.endpoints.deviceAuthorization!, {
      client_id: server.clientId,
      scope: 'read',
    });
    server.approveDevice(deniedDevice.json.user_code as string, { deny: true });
    const refused = await post(server.endpoints.token, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: deniedDevice.json.device_code as string,
      client_id: server.clientId,
    });
    expect([refused.status, refused.json.error]).toEqual([400, 'access_denied']);
  });

  it('answers errors as RFC 6749 §5.2 says', async () => {
    const server = (em = await startBipsyncEmulation({ autoApprove: 'alice' }));
    const token = server.endpoints.token;
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'password', client_id: server.clientId }, 400, 'unsupported_grant_type'],
      [
        { grant_type: 'client_credentials', client_id: server.clientId },
        400,
        'unauthorized_client',
      ],
      [
        { grant_type: 'refresh_token', client_id: 'someone-else', refresh_token: 'x' },
        401,
        'invalid_client',
      ],
      [
        { grant_type: 'refresh_token', client_id: server.clientId, refresh_token: 'x' },
        400,
        'invalid_grant',
      ],
      [{ grant_type: 'refresh_token', client_id: server.clientId }, 400, 'invalid_request'],
      [
        { grant_type: 'authorization_code', client_id: server.clientId, code: 'x' },
        400,
        'invalid_request',
      ],
    ];
    for (const [body, status, error] of cases) {
      const answer = await post(token, body);
      expect([answer.status, answer.json.error], JSON.stringify(body)).toEqual([status, error]);
      expect(typeof answer.json.error_description).toBe('string');
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    const flow = await emulationAuthorize(server, 'read write');
    const narrowed = await post(token, {
      grant_type: 'refresh_token',
      client_id: server.clientId,
      refresh_token: (await redeemAt(server, flow)).json.refresh_token as string,
      scope: 'read admin',
    });
    expect(narrowed.json.error).toBe('invalid_scope');
  });
});
