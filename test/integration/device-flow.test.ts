import { afterEach, describe, expect, it } from 'vitest';

import { approveDeviceCode } from '@latchkey/dev-idp/testing';

import { startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('device authorization grant (RFC 8628)', () => {
  it('reports the user code, polls, and stores tokens once the user approves', async () => {
    stack = await startStack();
    const flow = await stack.client.startDeviceAuthorization('dev', {
      scopes: ['openid', 'profile'],
    });
    expect(flow.userCode).toMatch(/\S/);
    expect(flow.verificationUri).toBe(`${stack.idp.issuer}/device`);
    expect(flow.expiresAt).toBeGreaterThan(Date.now());
    await approveDeviceCode(flow.verificationUriComplete!, { login: 'gus' });
    const info = await flow.done;
    expect(info.account?.sub).toBe('gus');
    expect(await stack.client.getAccessToken('dev')).toBe(info.accessToken);
    expect(
      stack.idp.requests.count('token', 'urn:ietf:params:oauth:grant-type:device_code'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('stops with access_denied when the user denies', async () => {
    stack = await startStack();
    const flow = await stack.client.startDeviceAuthorization('dev');
    await approveDeviceCode(flow.verificationUriComplete!, { deny: true });
    await expect(flow.done).rejects.toMatchObject({ code: 'access_denied' });
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
  });

  it('stops polling when aborted', async () => {
    stack = await startStack();
    const flow = await stack.client.startDeviceAuthorization('dev');
    flow.abort();
    await expect(flow.done).rejects.toMatchObject({ code: 'aborted' });
    expect(stack.idp.requests.count('token')).toBe(0);
  });

  it('binds the tokens to a DPoP key for a dpop provider (RFC 9449 §5), not bearer', async () => {
    stack = await startStack({}, { dpop: true });
    const flow = await stack.client.startDeviceAuthorization('dev', { scopes: ['openid'] });
    await approveDeviceCode(flow.verificationUriComplete!, { login: 'gus' });
    const info = await flow.done;
    expect(info.tokenType).toBe('DPoP');
    expect((await stack.storage.getTokens('dev'))?.dpopKey?.privateKey.extractable).toBe(false);
    expect((await stack.client.refresh('dev')).tokenType).toBe('DPoP');
  });
});
