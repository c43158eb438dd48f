import { describe, expect, it } from 'vitest';
import { MASK, maskToken } from '../src/ui/mask.js';
import { formatCountdown, formatDate, formatRelative } from '../src/ui/relative-time.js';

describe('maskToken', () => {
  it('shows only a short prefix and suffix of a long token', () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.payload-part-here.signature-XYZ1';
    const masked = maskToken(token);
    expect(masked).toBe(`eyJh${MASK}XYZ1`);
    expect(masked).not.toContain('payload');
  });
  it('reveals nothing of a short token, only its length', () => {
    expect(maskToken('short-token-123')).toBe(`${MASK} (15 chars)`);
    expect(maskToken('')).toBe('');
  });
  it('never shows more than a fifth of the token', () => {
    for (let n = 1; n < 120; n++) {
      const token = 'x'.repeat(n);
      const shown = maskToken(token)
        .replace(MASK, '')
        .replace(/ \(\d+ chars\)$/, '');
      expect(shown.length * 5).toBeLessThanOrEqual(n);
    }
  });
});

describe('formatCountdown', () => {
  it('formats minutes, hours and days', () => {
    expect(formatCountdown(59_000)).toBe('0:59');
    expect(formatCountdown(15 * 60_000)).toBe('15:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 3h');
  });
  it('rounds a partial second up and says expired at zero', () => {
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(0)).toBe('expired');
    expect(formatCountdown(-5000)).toBe('expired');
  });
});

describe('formatRelative and formatDate', () => {
  const now = Date.UTC(2030, 0, 1);
  it('uses the largest whole unit, past and future', () => {
    expect(formatRelative(now + 5 * 60_000, now)).toBe('in 5 minutes');
    expect(formatRelative(now - 3 * 3_600_000 - 10, now)).toBe('3 hours ago');
    expect(formatRelative(now + 400, now)).toBe('now');
    expect(formatRelative(now - 2 * 86_400_000, now)).toBe('2 days ago');
  });
  it('prints ISO dates in UTC', () => {
    expect(formatDate(now)).toBe('2030-01-01T00:00:00Z');
    expect(formatDate(Number.NaN)).toBe('invalid date');
  });
});
