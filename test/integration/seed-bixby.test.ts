import { afterEach, describe, expect, it } from 'vitest';

import { maximalB64Token, startBixbyEmulation, type BixbyEmulation } from '@latchkey/dev-idp';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { signInAt, startSeedStack, storedRefreshToken, type SeedStack } from './seed-stack.js';

let stack: SeedStack<BixbyEmulation> | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

describe('Bixby provider (emulated) through @latchkey/core', () => {
  it('signs in with SHA256 configured (S256 sent), keeps 2,048-character 5-second tokens, refreshes twice, calls the API and revokes', async () => {
    stack = await startSeedStack(() => startBixbyEmulation());
    const { em, client } = stack;
    const { url } = await client.beginAuthorization('bixby');
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    const info = await client.completeAuthorization(await loginOverHttp(url, { login: 'bo' }));
    expect(info.accessToken).toHaveLength(2048);
    expect(info.accessToken).toMatch(B64TOKEN);
    expect(info.expiresAt! - Date.now()).toBeLessThanOrEqual(5000);

    // The server sends no new refresh token: the first one is kept and serves both refreshes.
    const refreshToken = await storedRefreshToken(stack);
    const r1 = await client.refresh('bixby');
    const r2 = await client.refresh('bixby');
    expect(await storedRefreshToken(stack)).toBe(refreshToken);
    expect(new Set([info.accessToken, r1.accessToken, r2.accessToken]).size).toBe(3);
    expect(r2.accessToken).toHaveLength(2048);
    expect(em.requests.count('token', 'refresh_token')).toBe(2);

    // The token goes out byte for byte (its `+`, `/` and `=` unencoded in the header).
    const api = await client.resourceRequest('bixby', { url: em.apiUrl });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ id: 'bo' });

    // A 5-second token: getAccessToken hands out a refreshed one once the last one is due.
    const before = em.requests.count('token', 'refresh_token');
    await expect
      .poll(() => client.getAccessToken('bixby'), { timeout: 15_000, interval: 250 })
      .not.toBe(r2.accessToken);
    expect(em.requests.count('token', 'refresh_token')).toBeGreaterThan(before);
    const token = await client.getAccessToken('bixby');
    expect(em.isActive(token)).toBe(true);

    await client.signOut('bixby');
    expect(em.requests.count('revocation')).toBeGreaterThanOrEqual(1);
    expect(em.isActive(token)).toBe(false);
    await expect(client.getAccessToken('bixby')).rejects.toMatchObject({ code: 'login_required' });
  });

  it('refuses an access token one character over maxTokenLength (2,048)', async () => {
    stack = await startSeedStack(() =>
      startBixbyEmulation({
        mintToken: (kind) => (kind === 'access' ? `A${maximalB64Token()}` : maximalB64Token()),
      }),
    );
    await expect(signInAt(stack, 'bo')).rejects.toMatchObject({ code: 'invalid_response' });
    expect(await stack.storage.getTokens('bixby')).toBeUndefined();
  });
});
