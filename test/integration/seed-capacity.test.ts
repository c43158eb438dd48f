import { afterEach, describe, expect, it } from 'vitest';

import { accessTokenHeader } from '@latchkey/core';

import {
  CAPACITY_TOKEN_HEADER,
  startCapacityEmulation,
  type CapacityEmulation,
} from '@latchkey/dev-idp';

import { signInAt, startSeedStack, storedRefreshToken, type SeedStack } from './seed-stack.js';

let stack: SeedStack<CapacityEmulation> | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('Capacity (emulated) through @latchkey/core', () => {
  it('exchanges in JSON, reads the nested tokens, refreshes twice at the refresh URL, calls the API with X-Access-Token and signs out', async () => {
    stack = await startSeedStack(() => startCapacityEmulation());
    const { em, client } = stack;
    const info = await signInAt(stack, 'cy');
    expect(info.tokenType).toBe('Bearer');
    expect(info.scopes).toEqual(['read']);
    expect(info.expiresAt! - Date.now()).toBeGreaterThan(3_500_000);
    expect(em.isActive(info.accessToken)).toBe(true);

    const first = await storedRefreshToken(stack);
    expect(first).toBeTruthy();
    const r1 = await client.refresh('capacity');
    const second = await storedRefreshToken(stack);
    const r2 = await client.refresh('capacity');
    expect(new Set([first, second, await storedRefreshToken(stack)]).size).toBe(3);
    expect(new Set([info.accessToken, r1.accessToken, r2.accessToken]).size).toBe(3);
    const refreshes = em.requests.entries.filter((e) => e.grantType === 'refresh_token');
    expect(refreshes.map((e) => e.path)).toEqual([
      new URL(em.endpoints.refresh!).pathname,
      new URL(em.endpoints.refresh!).pathname,
    ]);

    // The bare token in the provider's tokenHeader, as core builds it for any API call.
    const token = await client.getAccessToken('capacity');
    const [name, value] = accessTokenHeader(stack.provider, token);
    expect([name, value]).toEqual([CAPACITY_TOKEN_HEADER, token]);
    const api = await fetch(em.apiUrl, { headers: { [name]: value } });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ user: { id: 'cy' }, scope: 'read' });

    // Capacity documents no revocation: sign-out forgets the tokens and sends nothing.
    await client.signOut('capacity');
    expect(em.requests.count('revocation')).toBe(0);
    await expect(client.getAccessToken('capacity')).rejects.toMatchObject({
      code: 'login_required',
    });
  });

  it('fails clearly when the token URL is sent a form (tokenRequestFormat left out)', async () => {
    stack = await startSeedStack(() => startCapacityEmulation(), { tokenRequestFormat: 'form' });
    await expect(signInAt(stack, 'cy')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
