import { describe, expect, it } from 'vitest';

import { mapTokenResponse, readJsonPath } from '../src/index.js';

describe('tokenResponse JSON paths', () => {
  it('reads dotted paths and nothing from the prototype', () => {
    expect(readJsonPath({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(readJsonPath({ a: {} }, 'a.b.c')).toBeUndefined();
    expect(readJsonPath({}, 'constructor')).toBeUndefined();
  });

  it('maps a Slack-style response onto the RFC 6749 §5.1 fields', () => {
    const raw = {
      ok: true,
      authed_user: { access_token: 'xoxp-1', scope: 'chat:write', expires_in: 43200 },
      refresh: 'r-1',
    };
    expect(
      mapTokenResponse(raw, {
        accessToken: 'authed_user.access_token',
        scope: 'authed_user.scope',
        expiresIn: 'authed_user.expires_in',
        refreshToken: 'refresh',
      }),
    ).toMatchObject({
      access_token: 'xoxp-1',
      scope: 'chat:write',
      expires_in: 43200,
      refresh_token: 'r-1',
      token_type: 'Bearer',
    });
  });

  it('passes error responses through untouched', () => {
    const raw = { error: 'invalid_grant', error_description: 'expired' };
    expect(mapTokenResponse(raw, { accessToken: 'data.token' })).toBe(raw);
  });

  it('drops a standard field whose mapped path is absent', () => {
    expect(
      mapTokenResponse({ access_token: 'wrong-place', data: {} }, { accessToken: 'data.token' }),
    ).not.toHaveProperty('access_token');
  });
});
