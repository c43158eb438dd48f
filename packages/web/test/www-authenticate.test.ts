import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_CHALLENGE_CHARS,
  isInvalidTokenChallenge,
  readChallenges,
} from '../src/page/www-authenticate.js';

const res = (header: string | undefined, status = 401) =>
  new Response(null, {
    status,
    headers: header === undefined ? {} : { 'WWW-Authenticate': header },
  });
const errorOf = async (header: string, scheme = 'bearer') =>
  (await readChallenges(res(header)))?.find((c) => c.scheme === scheme)?.parameters.error;

describe('readChallenges (oauth4webapi’s parser)', () => {
  it('reads error from a Bearer challenge, quoted or not, case-insensitively', async () => {
    expect(
      await errorOf('Bearer realm="api", error="invalid_token", error_description="expired"'),
    ).toBe('invalid_token');
    expect(await errorOf('Bearer error=invalid_token')).toBe('invalid_token');
    expect(await errorOf('bearer ERROR="insufficient_scope"')).toBe('insufficient_scope');
  });

  it('finds the Bearer challenge among several, and ignores other schemes’ error', async () => {
    expect(await errorOf('Basic realm="x", Bearer error="invalid_token"')).toBe('invalid_token');
    expect(await errorOf('Foo error="invalid_token", Bearer realm="a"')).toBeUndefined();
    expect(await errorOf('Bearer realm="a, error=invalid_token"')).toBeUndefined();
    expect(await errorOf('Bearer')).toBeUndefined();
  });

  it('handles quoted commas, escapes and token68 (tricky inputs)', async () => {
    expect(await errorOf('Bearer realm="a\\"b, error=x", error="invalid_token"')).toBe(
      'invalid_token',
    );
    expect(await readChallenges(res('Bearer realm="a\\"b, error=x"'))).toEqual([
      { scheme: 'bearer', parameters: { realm: 'a"b, error=x' } },
    ]);
    expect(await errorOf('Negotiate abc123==, Bearer error="invalid_token"')).toBe('invalid_token');
    // An unterminated quote makes the header malformed: nothing is read from it.
    expect(await readChallenges(res('Bearer error="invalid_token'))).toBeUndefined();
    expect(await readChallenges(res(undefined))).toBeUndefined();
  });

  it('does not read a header longer than the cap, and returns at once on a 1 MB one', async () => {
    const long = 'Bearer error="invalid_token", ' + 'a=b, '.repeat(MAX_CHALLENGE_CHARS / 5);
    expect(long.length).toBeGreaterThan(MAX_CHALLENGE_CHARS);
    expect(await readChallenges(res(long))).toBeUndefined();
    // The shapes that made the old comma-splitting parser quadratic: 1 MB of quotes and commas.
    for (const header of [
      'Bearer realm="' + '",'.repeat(512 * 1024),
      'Bearer ' + 'a="x",'.repeat((1024 * 1024) / 6),
      'Bearer error="invalid_token"' + ','.repeat(1024 * 1024),
    ]) {
      expect(await isInvalidTokenChallenge(res(header))).toBe(false);
    }
  });

  it('never throws on any header value', async () => {
    // Header values: visible ASCII, spaces and tabs (what a Response can carry).
    const headerChar = fc.constantFrom(...' \t",=\\abBeErR_-/+~.0123456789'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: headerChar, maxLength: 200 }), async (tail) => {
        const header = `Bearer ${tail}`.trim();
        const challenges = await readChallenges(res(header));
        expect(challenges === undefined || Array.isArray(challenges)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isInvalidTokenChallenge', () => {
  it('is true only for a 401 with Bearer error="invalid_token"', async () => {
    expect(await isInvalidTokenChallenge(res('Bearer error="invalid_token"'))).toBe(true);
    expect(await isInvalidTokenChallenge(res('Bearer realm="x"'))).toBe(false);
    expect(await isInvalidTokenChallenge(res(undefined))).toBe(false);
    expect(await isInvalidTokenChallenge(res('Bearer error="invalid_token"', 403))).toBe(false);
  });
});

describe('DPoP challenges', () => {
  it('are read for a DPoP-bound token only', async () => {
    const dpop = () => res('DPoP algs="ES256", error="invalid_token"');
    expect(await isInvalidTokenChallenge(dpop(), 'dpop')).toBe(true);
    expect(await isInvalidTokenChallenge(dpop())).toBe(false);
    expect(await isInvalidTokenChallenge(res('Bearer error="invalid_token"'), 'dpop')).toBe(false);
  });
});
