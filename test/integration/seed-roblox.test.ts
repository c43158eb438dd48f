import { afterEach, describe, expect, it } from 'vitest';

import { startRobloxEmulation, type RobloxEmulation } from '@latchkey/dev-idp';
import { loginOverHttp } from '@latchkey/dev-idp/testing';

import { signInAt, startSeedStack, storedRefreshToken, type SeedStack } from './seed-stack.js';

let stack: SeedStack<RobloxEmulation> | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('Roblox Open Cloud (emulated) through @latchkey/core', () => {
  it('signs in without discovery or iss, refreshes twice, calls userinfo and revokes at sign-out', async () => {
    stack = await startSeedStack(() => startRobloxEmulation());
    const { em, client } = stack;
    const { url } = await client.beginAuthorization('roblox');
    const request = new URL(url);
    expect(request.origin + request.pathname).toBe(em.endpoints.authorize);
    expect(request.searchParams.get('scope')).toBe('openid profile');
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_verifier')).toBeNull();
    const callback = await loginOverHttp(url, { login: 'linksgoat' });
    expect(new URL(callback).searchParams.has('iss')).toBe(false);
    const info = await client.completeAuthorization(callback);
    // From the ES256 id_token (checked against the configured issuer and algorithms).
    expect(info.account).toMatchObject({ preferredUsername: 'linksgoat', name: 'Linksgoat' });
    expect(info.account?.sub).toMatch(/^\d+$/);
    expect(info.expiresAt! - Date.now()).toBeGreaterThan(890_000);
    expect(info.scopes).toEqual(['openid', 'profile']);

    const first = await storedRefreshToken(stack);
    const r1 = await client.refresh('roblox');
    const second = await storedRefreshToken(stack);
    const r2 = await client.refresh('roblox');
    expect(new Set([info.accessToken, r1.accessToken, r2.accessToken]).size).toBe(3);
    expect(new Set([first, second, await storedRefreshToken(stack)]).size).toBe(3);
    expect(em.requests.count('token', 'refresh_token')).toBe(2);
    expect(r2.account?.sub).toBe(info.account?.sub);

    const claims = await client.userinfo('roblox');
    expect(claims).toMatchObject({ sub: info.account!.sub, nickname: 'linksgoat' });
    const api = await client.resourceRequest('roblox', { url: em.apiUrl });
    expect(api.status).toBe(200);

    await client.signOut('roblox');
    expect(em.requests.count('revocation')).toBeGreaterThanOrEqual(1);
    expect(em.isActive(r2.accessToken)).toBe(false);
    await expect(client.getAccessToken('roblox')).rejects.toMatchObject({ code: 'login_required' });
    expect(em.requests.count('discovery')).toBe(0);
  });

  it('turns an error callback into its error and error_description', async () => {
    stack = await startSeedStack(() => startRobloxEmulation());
    const { url } = await stack.client.beginAuthorization('roblox');
    const callback = await loginOverHttp(url, { deny: true });
    await expect(stack.client.completeAuthorization(callback)).rejects.toMatchObject({
      code: 'access_denied',
      message: expect.stringContaining('the user denied access'),
    });
    expect(stack.em.requests.count('token')).toBe(0);
  });

  it('refuses the id_token when ES256 is not among the accepted algorithms', async () => {
    stack = await startSeedStack(() => startRobloxEmulation(), { idTokenSigningAlgs: ['RS256'] });
    await expect(signInAt(stack, 'linksgoat')).rejects.toMatchObject({
      code: expect.stringMatching(/invalid_response|id_token/),
    });
  });
});
