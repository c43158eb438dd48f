import { describe, expect, it } from 'vitest';
import { bearerChallengeError, isInvalidTokenChallenge } from '../src/page/www-authenticate.js';

describe('bearerChallengeError', () => {
  it('reads error from a Bearer challenge, quoted or not', () => {
    expect(
      bearerChallengeError(
        'Bearer realm="api", error="invalid_token", error_description="expired"',
      ),
    ).toBe('invalid_token');
    expect(bearerChallengeError('Bearer error=invalid_token')).toBe('invalid_token');
    expect(bearerChallengeError('bearer ERROR="insufficient_scope"')).toBe('insufficient_scope');
  });

  it('finds the Bearer challenge among several, and ignores other schemes’ error', () => {
    expect(bearerChallengeError('Basic realm="x", Bearer error="invalid_token"')).toBe(
      'invalid_token',
    );
    expect(bearerChallengeError('Foo error="invalid_token", Bearer realm="a"')).toBeUndefined();
    expect(bearerChallengeError('Bearer realm="a, error=invalid_token"')).toBeUndefined();
    expect(bearerChallengeError('Bearer')).toBeUndefined();
  });
});

describe('isInvalidTokenChallenge', () => {
  const res = (status: number, header?: string) =>
    new Response(null, { status, headers: header ? { 'WWW-Authenticate': header } : {} });
  it('is true only for a 401 with Bearer error="invalid_token"', () => {
    expect(isInvalidTokenChallenge(res(401, 'Bearer error="invalid_token"'))).toBe(true);
    expect(isInvalidTokenChallenge(res(401, 'Bearer realm="x"'))).toBe(false);
    expect(isInvalidTokenChallenge(res(401))).toBe(false);
    expect(isInvalidTokenChallenge(res(403, 'Bearer error="invalid_token"'))).toBe(false);
  });
});

describe('DPoP challenges', () => {
  const res = (header: string) =>
    new Response(null, { status: 401, headers: { 'WWW-Authenticate': header } });
  it('are read for a DPoP-bound token only', () => {
    const dpop = res('DPoP algs="ES256", error="invalid_token"');
    expect(isInvalidTokenChallenge(dpop, 'dpop')).toBe(true);
    expect(isInvalidTokenChallenge(dpop)).toBe(false);
    expect(isInvalidTokenChallenge(res('Bearer error="invalid_token"'), 'dpop')).toBe(false);
  });
});
