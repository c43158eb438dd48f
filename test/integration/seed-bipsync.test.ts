import { afterEach, describe, expect, it } from 'vitest';

import { startBipsyncEmulation, type BipsyncEmulation } from '@latchkey/dev-idp';

import { signInAt, startSeedStack, storedRefreshToken, type SeedStack } from './seed-stack.js';

let stack: SeedStack<BipsyncEmulation> | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('Bipsync (emulated) through @latchkey/core', () => {
  it('discovers from RFC 8414 metadata, signs in, refreshes twice, calls the Bearer API and signs out', async () => {
    stack = await startSeedStack(() => startBipsyncEmulation());
    const { em, client } = stack;
    const info = await signInAt(stack, 'bea');
    expect(info.scopes).toEqual(['read']);
    const discovery = em.requests.list('discovery');
    expect(discovery.map((e) => e.path)).toEqual(['/.well-known/oauth-authorization-server']);

    const first = await storedRefreshToken(stack);
    const r1 = await client.refresh('bipsync');
    const r2 = await client.refresh('bipsync');
    expect(new Set([info.accessToken, r1.accessToken, r2.accessToken]).size).toBe(3);
    expect(await storedRefreshToken(stack)).not.toBe(first);
    expect(em.requests.count('token', 'refresh_token')).toBe(2);

    const api = await client.resourceRequest('bipsync', { url: em.apiUrl });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ id: 'bea', scope: 'read' });
    expect(em.isActive(r1.accessToken)).toBe(true);

    // Bipsync documents no revocation: sign-out forgets the tokens here and sends nothing.
    await client.signOut('bipsync');
    expect(em.requests.count('revocation')).toBe(0);
    await expect(client.getAccessToken('bipsync')).rejects.toMatchObject({
      code: 'login_required',
    });
  });

  it('signs in with the device authorization grant', async () => {
    stack = await startSeedStack(() => startBipsyncEmulation({ deviceInterval: 1 }));
    const { em, client } = stack;
    const device = await client.startDeviceAuthorization('bipsync');
    expect(device.verificationUri).toBe(em.endpoints.deviceVerification);
    em.approveDevice(device.userCode, { login: 'dev' });
    const info = await device.done;
    const api = await client.resourceRequest('bipsync', { url: em.apiUrl });
    expect(await api.json()).toMatchObject({ id: 'dev' });
    expect(info.accessToken).toBe(await client.getAccessToken('bipsync'));
  });

  it('ends the session when the server refuses a spent refresh token (invalid_grant)', async () => {
    stack = await startSeedStack(() => startBipsyncEmulation());
    await signInAt(stack, 'bea');
    const spent = (await stack.storage.getTokens('bipsync'))!;
    await stack.client.refresh('bipsync');
    // Put the spent (rotated) refresh token back, as a stale copy would.
    await stack.storage.putTokens({
      ...(await stack.storage.getTokens('bipsync'))!,
      refreshToken: spent.refreshToken!,
    });
    await expect(stack.client.refresh('bipsync')).rejects.toMatchObject({
      code: 'login_required',
    });
  });
});
