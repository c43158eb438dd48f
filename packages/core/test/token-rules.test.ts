import fc from 'fast-check';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';

import { validateProviderConfig, type ProviderConfig } from '../src/index.js';
import {
  authorityOf,
  isFresh,
  legacyAuthorityOf,
  MAX_LIFETIME_SECONDS,
  toTokenRecord,
} from '../src/tokens/token-record.js';

const as: oauth.AuthorizationServer = {
  issuer: 'https://as.example',
  token_endpoint: 'https://as.example/token',
};
const client: oauth.Client = { client_id: 'c', token_endpoint_auth_method: 'none' };
const provider = validateProviderConfig({ id: 'p', clientId: 'c', issuer: as.issuer });

/** A token response as oauth4webapi returns it after its own checks. */
function checked(body: string | Record<string, unknown>) {
  return oauth.processRefreshTokenResponse(
    as,
    client,
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      headers: { 'content-type': 'application/json' },
    }),
  );
}

describe('the refresh margin never exceeds half the token lifetime', () => {
  it('a 5 s token is fresh for 2.5 s under the default 30 s margin', () => {
    const issued = 1_000_000;
    const record = { expiresAt: issued + 5_000, lifetime: 5_000 };
    expect(isFresh(record, 30, issued)).toBe(true);
    expect(isFresh(record, 30, issued + 2_499)).toBe(true);
    expect(isFresh(record, 30, issued + 2_500)).toBe(false);
  });

  it('for any lifetime and minValidity (a day and more): fresh when issued, stale past the margin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_LIFETIME_SECONDS }),
        fc.oneof(fc.integer({ min: 0, max: 2 * 86_400 }), fc.constantFrom(NaN, -1, Infinity)),
        (seconds, minValidity) => {
          const issued = 1_700_000_000_000;
          const record = { expiresAt: issued + seconds * 1000, lifetime: seconds * 1000 };
          // Just refreshed: never due again for the same reason.
          expect(isFresh(record, minValidity, issued)).toBe(true);
          const margin = Math.min(minValidity > 0 ? minValidity * 1000 : 0, (seconds * 1000) / 2);
          expect(isFresh(record, minValidity, record.expiresAt - margin)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a record stored before the lifetime was kept takes it from updatedAt', () => {
    const issued = 1_000_000;
    const old = { expiresAt: issued + 10_000, updatedAt: issued };
    expect(isFresh(old, 30, issued + 4_999)).toBe(true);
    expect(isFresh(old, 30, issued + 5_000)).toBe(false);
    // Nothing to take it from: the margin as asked.
    expect(isFresh({ expiresAt: issued + 60_000 }, 30, issued + 29_999)).toBe(true);
    expect(isFresh({ expiresAt: issued + 60_000 }, 30, issued + 30_000)).toBe(false);
  });

  it('toTokenRecord keeps the lifetime', async () => {
    const record = toTokenRecord(
      provider,
      await checked({ access_token: 'a', token_type: 'bearer', expires_in: 5 }),
      [],
    );
    expect(record.lifetime).toBe(5_000);
    expect(record.expiresAt! - record.updatedAt).toBe(5_000);
  });
});

describe('expires_in', () => {
  it('a huge expires_in is clamped to a year: expiresAt is a valid date', async () => {
    for (const expires_in of ['1e300', '1.7976931348623157e308', '9007199254740993']) {
      const now = Date.now();
      const record = toTokenRecord(
        provider,
        await checked(`{"access_token":"a","token_type":"bearer","expires_in":${expires_in}}`),
        [],
      );
      expect(Number.isFinite(record.expiresAt)).toBe(true);
      expect(record.expiresAt).toBeLessThanOrEqual(Date.now() + MAX_LIFETIME_SECONDS * 1000);
      expect(record.expiresAt).toBeGreaterThanOrEqual(now + MAX_LIFETIME_SECONDS * 1000);
      expect(new Date(record.expiresAt!).toISOString()).toMatch(/^\d{4}-/);
    }
  });

  it('any expires_in oauth4webapi accepts gives a finite expiresAt within a year', async () => {
    await fc.assert(
      fc.asyncProperty(
        // JSON carries no Infinity, and oauth4webapi refuses it: the non-finite case is the next test.
        fc.oneof(
          fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
          fc.integer({ min: 0 }),
        ),
        async (expiresIn) => {
          const before = Date.now();
          const record = toTokenRecord(
            provider,
            await checked({ access_token: 'a', token_type: 'bearer', expires_in: expiresIn }),
            [],
          );
          expect(Number.isFinite(record.expiresAt)).toBe(true);
          expect(record.expiresAt).toBeGreaterThanOrEqual(before);
          expect(record.expiresAt).toBeLessThanOrEqual(Date.now() + MAX_LIFETIME_SECONDS * 1000);
          // Fresh when issued, for any lifetime of a millisecond or more.
          if (record.lifetime! >= 1) expect(isFresh(record, 30, record.updatedAt)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a non-finite expires_in never makes a record', async () => {
    const infinite = checked('{"access_token":"a","token_type":"bearer","expires_in":1e400}');
    await expect(infinite).rejects.toBeInstanceOf(oauth.OperationProcessingError);
  });
});

describe('a token response whose access token is also its refresh token or id_token', () => {
  it('is refused as invalid_response', async () => {
    const same = await checked({ access_token: 'tok', token_type: 'bearer', refresh_token: 'tok' });
    expect(() => toTokenRecord(provider, same, [])).toThrow(
      expect.objectContaining({ code: 'invalid_response' }),
    );
  });
});

describe('authorityOf', () => {
  const base: ProviderConfig = validateProviderConfig({
    id: 'p',
    clientId: 'c',
    issuer: 'https://as.example',
    allowedOrigins: ['https://a.example'],
    resourceOrigins: ['https://api.example'],
  });

  it('changes with every field that decides what is sent or to whom', () => {
    const changes: Partial<ProviderConfig>[] = [
      { tokenResponse: { accessToken: 'data.token' } },
      { extraTokenParams: { audience: 'x' } },
      { refreshEndpoint: 'https://as.example/refresh' },
      { tokenRequestFormat: 'json' },
      { allowedOrigins: ['https://a.example', 'https://b.example'] },
      { resourceOrigins: ['https://other.example'] },
      { tokenHeader: { name: 'X-Access-Token' } },
      { tokenEndpoint: 'https://as.example/other-token' },
      { clientId: 'd' },
      { dpop: true },
    ];
    for (const change of changes) {
      const changed = validateProviderConfig({ ...base, ...change });
      expect(authorityOf(changed), JSON.stringify(change)).not.toBe(authorityOf(base));
    }
  });

  it('does not change with what sends nothing differently', () => {
    const same: Partial<ProviderConfig>[] = [
      { name: 'Renamed' },
      { scopes: ['openid'] },
      { tokenRequestFormat: 'form' },
      { tokenHeader: { name: 'authorization', scheme: 'Bearer' } },
      { allowedOrigins: [...base.allowedOrigins!].reverse() },
    ];
    for (const change of same) {
      const changed = validateProviderConfig({ ...base, ...change });
      expect(authorityOf(changed), JSON.stringify(change)).toBe(authorityOf(base));
    }
    expect(legacyAuthorityOf(base)).not.toBe(authorityOf(base));
  });
});
