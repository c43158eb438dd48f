import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';

import { validateProviderConfig } from '../src/index.js';
import { isFresh, toTokenInfo, toTokenRecord } from '../src/tokens/token-record.js';

const as: oauth.AuthorizationServer = {
  issuer: 'https://as.example',
  token_endpoint: 'https://as.example/token',
};
const client: oauth.Client = { client_id: 'c', token_endpoint_auth_method: 'none' };
const provider = validateProviderConfig({ id: 'p', clientId: 'c', issuer: as.issuer });

/** A token response as oauth4webapi returns it after its own checks. */
function checked(body: Record<string, unknown>) {
  return oauth.processRefreshTokenResponse(
    as,
    client,
    new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
  );
}

describe('toTokenRecord', () => {
  it('compares token_type case-insensitively (RFC 6749 §7.1)', async () => {
    for (const type of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const record = toTokenRecord(
        provider,
        await checked({ access_token: 'a', token_type: type }),
        [],
      );
      expect(record.tokenType).toBe('Bearer');
    }
  });

  it('handles a response without expires_in: no expiry, always fresh', async () => {
    const record = toTokenRecord(
      provider,
      await checked({ access_token: 'a', token_type: 'bearer' }),
      ['x'],
    );
    expect(record.expiresAt).toBeUndefined();
    expect(isFresh(record, 30)).toBe(true);
    expect(toTokenInfo(record)).not.toHaveProperty('expiresAt');
  });

  it('computes expiry and freshness against the margin', async () => {
    const now = Date.now();
    const record = toTokenRecord(
      provider,
      await checked({ access_token: 'a', token_type: 'bearer', expires_in: 60 }),
      [],
    );
    expect(record.expiresAt).toBeGreaterThanOrEqual(now + 60_000);
    expect(isFresh(record, 30)).toBe(true);
    expect(isFresh(record, 30, record.expiresAt! - 30_000)).toBe(false);
    // A margin over half the lifetime is clamped to it.
    expect(isFresh(record, 90)).toBe(true);
    expect(isFresh(record, 90, record.expiresAt! - 30_000)).toBe(false);
  });

  it('keeps the previous refresh token and scopes when a refresh response omits them (RFC 6749 §6)', async () => {
    const first = toTokenRecord(
      provider,
      await checked({
        access_token: 'a1',
        token_type: 'bearer',
        refresh_token: 'r1',
        scope: 'x y',
      }),
      ['x'],
    );
    const second = toTokenRecord(
      provider,
      await checked({ access_token: 'a2', token_type: 'bearer' }),
      ['x'],
      first,
    );
    expect(second).toMatchObject({ accessToken: 'a2', refreshToken: 'r1', scopes: ['x', 'y'] });
    const rotated = toTokenRecord(
      provider,
      await checked({ access_token: 'a3', token_type: 'bearer', refresh_token: 'r2' }),
      ['x'],
      second,
    );
    expect(rotated.refreshToken).toBe('r2');
  });

  it('refuses tokens over maxTokenLength (default 16384) as invalid_response', async () => {
    const small = validateProviderConfig({
      id: 'p',
      clientId: 'c',
      issuer: as.issuer,
      maxTokenLength: 2048,
    });
    const long = await checked({ access_token: 'x'.repeat(2049), token_type: 'bearer' });
    expect(() => toTokenRecord(small, long, [])).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
    expect(toTokenRecord(provider, long, []).accessToken).toHaveLength(2049);
    // Refresh tokens and id_tokens have their own, larger limit, whatever maxTokenLength says.
    const longRefresh = await checked({
      access_token: 'a',
      token_type: 'bearer',
      refresh_token: 'r'.repeat(16385),
    });
    expect(toTokenRecord(small, longRefresh, []).refreshToken).toHaveLength(16385);
    const huge = await checked({
      access_token: 'a',
      token_type: 'bearer',
      refresh_token: 'r'.repeat(65537),
    });
    expect(() => toTokenRecord(provider, huge, [])).toThrow(/refresh_token/);
  });

  it('never lets the refresh token or id_token into TokenInfo', async () => {
    const record = toTokenRecord(
      provider,
      await checked({ access_token: 'a', token_type: 'bearer', refresh_token: 'secret-rt' }),
      [],
    );
    expect(JSON.stringify(toTokenInfo(record))).not.toContain('secret-rt');
  });
});
