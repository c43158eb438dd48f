import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';

import {
  B64TOKEN_CHARS,
  maximalB64Token,
  startBixbyEmulation,
  type BixbyEmulation,
} from '../src/index.js';
import { emulationAuthorize, emulationRequest, post, redeemAt } from './support/emulation-flows.js';

let em: BixbyEmulation | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

describe('Bixby provider emulation', () => {
  it('mints 2,048-character tokens with every b64token character and a trailing =', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const token = maximalB64Token();
        expect(token).toHaveLength(2048);
        expect(token).toMatch(B64TOKEN);
        expect(token.endsWith('==')).toBe(true);
        for (const c of B64TOKEN_CHARS) expect(token.slice(0, -2)).toContain(c);
      }),
      { numRuns: 50 },
    );
  });

  it('answers 5-second maximal tokens, refreshes without a new refresh token, and revokes', async () => {
    const server = (em = await startBixbyEmulation({ autoApprove: 'bo' }));
    const flow = await emulationAuthorize(server, 'profile');
    const tokens = await redeemAt(server, flow);
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: 5, scope: 'profile' });
    const accessToken = tokens.json.access_token as string;
    const refreshToken = tokens.json.refresh_token as string;
    expect(accessToken).toHaveLength(2048);
    expect(refreshToken).toMatch(B64TOKEN);
    const me = await fetch(server.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await me.json()).toMatchObject({ id: 'bo' });

    // The same refresh token serves every refresh; no new one comes back.
    for (let i = 0; i < 2; i++) {
      const refreshed = await post(server.endpoints.token, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: server.clientId,
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.refresh_token).toBeUndefined();
      expect(refreshed.json.access_token).toHaveLength(2048);
    }

    // A `+` sent unencoded in a form is a space: the token is then unknown, not someone else's.
    const mangled = await fetch(server.endpoints.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=refresh_token&client_id=${server.clientId}&refresh_token=${refreshToken}`,
    });
    if (refreshToken.includes('+') || refreshToken.includes('=')) expect(mangled.status).toBe(400);

    const revoked = await post(server.endpoints.revoke!, {
      token: accessToken,
      client_id: server.clientId,
    });
    expect(revoked.status).toBe(200);
    expect(
      (await fetch(server.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status,
    ).toBe(401);
  });

  it('wants S256 on the wire (SHA256 is only the capsule config spelling)', async () => {
    const server = (em = await startBixbyEmulation());
    const request = emulationRequest(server, 'profile', { code_challenge_method: 'SHA256' });
    const res = await fetch(request.url, { redirect: 'manual' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('expires access tokens after accessTokenTtl', async () => {
    const server = (em = await startBixbyEmulation({ autoApprove: 'bo', accessTokenTtl: 1 }));
    const tokens = await redeemAt(server, await emulationAuthorize(server, 'profile'));
    const token = tokens.json.access_token as string;
    expect(tokens.json.expires_in).toBe(1);
    await expect.poll(() => server.isActive(token), { timeout: 3000, interval: 100 }).toBe(false);
    expect(
      (await fetch(server.apiUrl, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });
});
