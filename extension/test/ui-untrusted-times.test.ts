import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerRequestFromHar } from '../src/devtools/bearer-requests.js';
import { checkClaims } from '../src/ui/jwt.js';
import {
  MAX_DATE_MS,
  OUT_OF_RANGE,
  countdownView,
  formatCountdown,
  formatDate,
  formatRelative,
  isValidTime,
  numericDateView,
} from '../src/ui/relative-time.js';

// Times shown by the pages come from untrusted places: a JWT's `exp` in inspected traffic, a
// server's `expires_in`. None of them may throw while rendering.
const now = Date.UTC(2030, 0, 1);

describe('time formatting with untrusted values', () => {
  it('isValidTime accepts exactly what a Date holds', () => {
    expect(isValidTime(now)).toBe(true);
    expect(isValidTime(MAX_DATE_MS)).toBe(true);
    expect(isValidTime(-MAX_DATE_MS)).toBe(true);
    for (const bad of [MAX_DATE_MS + 1, 1e306 * 1000, Infinity, -Infinity, NaN, '1', null]) {
      expect(isValidTime(bad)).toBe(false);
    }
  });

  it('formatRelative says out of range instead of throwing (exp 1e306 → Infinity ms)', () => {
    expect(formatRelative(1e306 * 1000, now)).toBe(OUT_OF_RANGE);
    expect(formatRelative(Infinity, now)).toBe(OUT_OF_RANGE);
    expect(formatRelative(NaN, now)).toBe(OUT_OF_RANGE);
    expect(formatRelative(1e17, now)).toBe(OUT_OF_RANGE);
    expect(formatRelative(now, Infinity)).toBe(OUT_OF_RANGE);
  });

  it('formatDate and formatCountdown never print Infinity or NaN', () => {
    expect(formatDate(1e309)).toBe('invalid date');
    expect(formatDate(1e17)).toBe('invalid date');
    expect(formatCountdown(Infinity)).toBe(OUT_OF_RANGE);
    expect(formatCountdown(NaN)).toBe(OUT_OF_RANGE);
    expect(formatCountdown(-Infinity)).toBe('expired');
  });

  it('countdownView: a huge expires_in is shown as out of range, a normal one counts down', () => {
    // `expiresAt = now + expires_in * 1000` with expires_in = 1e300.
    expect(countdownView(now + 1e303, now)).toMatchObject({
      kind: 'invalid',
      text: 'expiry out of range',
    });
    expect(countdownView(Infinity, now).kind).toBe('invalid');
    expect(countdownView(NaN, now).kind).toBe('invalid');
    // Over JSON (runtime messaging), Infinity arrives as null.
    expect(countdownView(null, now).kind).toBe('none');
    expect(countdownView(undefined, now)).toEqual({ kind: 'none', text: 'no expiry given' });
    expect(countdownView(now + 90_000, now)).toEqual({
      kind: 'live',
      text: 'expires in 1:30',
      expired: false,
      dateTime: '2030-01-01T00:01:30.000Z',
      title: '2030-01-01T00:01:30Z',
    });
    expect(countdownView(now - 1, now)).toMatchObject({ kind: 'live', text: 'expired' });
  });

  it('numericDateView: a date for a NumericDate in range, undefined beyond', () => {
    expect(numericDateView(now / 1000 + 300, now)).toEqual({
      date: '2030-01-01T00:05:00Z',
      relative: 'in 5 minutes',
    });
    expect(numericDateView(1e306, now)).toBeUndefined();
    expect(numericDateView(-1e306, now)).toBeUndefined();
    expect(numericDateView(Infinity, now)).toBeUndefined();
  });

  it('checkClaims flags an exp beyond any date instead of reporting it as a fine expiry', () => {
    const problems = checkClaims({ exp: 1e306, nbf: -1e306, iss: 'x', aud: 'y' }, now);
    expect(problems.map((p) => `${p.claim}:${p.kind}`).sort()).toEqual([
      'exp:out_of_range',
      'nbf:out_of_range',
    ]);
  });

  it('no number makes a formatter throw (bounded fuzz)', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (a, b) => {
        formatRelative(a, b);
        formatCountdown(a);
        formatDate(a);
        countdownView(a, b);
        numericDateView(a, b);
        checkClaims({ exp: a, nbf: b, iat: a }, now);
        const view = countdownView(a, now);
        if (view.kind === 'live') expect(isValidTime(a)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bearerRequestFromHar with odd numbers', () => {
  it('keeps the request, with a status, start time and duration that render', () => {
    const r = bearerRequestFromHar(
      {
        startedDateTime: '+275760-09-13T00:00:00.001Z',
        time: NaN,
        request: {
          method: 'GET',
          url: 'https://api.test/',
          headers: [{ name: 'Authorization', value: 'Bearer abc' }],
        },
        response: { status: 1e300 },
      },
      1,
    );
    expect(r).toMatchObject({ token: 'abc', status: 0, durationMs: 0 });
    expect(isValidTime(r?.startedAt)).toBe(true);
  });
});
