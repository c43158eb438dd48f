import { afterEach, describe, expect, it } from 'vitest';

import { startDevIdp, type DevIdp } from '../src/index.js';
import { approveDeviceCode } from '../src/testing/index.js';
import { jwtClaims, postForm } from './support/flows.js';

let idp: DevIdp | undefined;
afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

async function startDevice(server: DevIdp) {
  const res = await postForm(`${server.issuer}/device/auth`, {
    client_id: server.clientId,
    scope: 'openid profile',
  });
  expect(res.status).toBe(200);
  return res.json;
}

const poll = (server: DevIdp, deviceCode: string) =>
  postForm(`${server.issuer}/token`, {
    grant_type: DEVICE_CODE,
    device_code: deviceCode,
    client_id: server.clientId,
  });

describe('dev IdP: device authorization grant (RFC 8628)', () => {
  it('is pending until the user approves through verification_uri_complete', async () => {
    const server = (idp = await startDevIdp({ deviceCodeTtl: 120 }));
    const start = await startDevice(server);
    expect(start.verification_uri).toBe(`${server.issuer}/device`);
    expect(Number(start.expires_in)).toBeLessThanOrEqual(120);
    expect((await poll(server, start.device_code!)).json.error).toBe('authorization_pending');

    await approveDeviceCode(start.verification_uri_complete!, { login: 'carol' });
    const done = await poll(server, start.device_code!);
    expect(done.status).toBe(200);
    expect(done.json.refresh_token).toBeTruthy();
    expect(jwtClaims(done.json.id_token!).sub).toBe('carol');
    expect(server.requests.count('device')).toBe(1);
    expect(server.requests.count('token', DEVICE_CODE)).toBe(2);
  });

  it('takes the user code typed on the verification page', async () => {
    const server = (idp = await startDevIdp());
    const start = await startDevice(server);
    await approveDeviceCode({ idp: server, userCode: start.user_code! }, { login: 'dan' });
    const done = await poll(server, start.device_code!);
    expect(jwtClaims(done.json.id_token!).sub).toBe('dan');
  });

  it('ends with access_denied when the user aborts', async () => {
    const server = (idp = await startDevIdp());
    const start = await startDevice(server);
    await approveDeviceCode(start.verification_uri_complete!, { deny: true });
    const denied = await poll(server, start.device_code!);
    expect(denied.status).toBe(400);
    expect(denied.json.error).toBe('access_denied');
  });

  it('rejects an unknown or already used user code', async () => {
    const server = (idp = await startDevIdp());
    await expect(approveDeviceCode({ idp: server.issuer, userCode: 'BCDF-GHJK' })).rejects.toThrow(
      /NotFoundError/,
    );
    const start = await startDevice(server);
    await approveDeviceCode(start.verification_uri_complete!);
    await expect(approveDeviceCode(start.verification_uri_complete!)).rejects.toThrow(
      /AlreadyUsedError/,
    );
  });
});
