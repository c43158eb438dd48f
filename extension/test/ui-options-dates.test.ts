import { describe, expect, it } from 'vitest';
import { grantSource } from '../src/options/sites-model.js';
import { formatHumanDate } from '../src/ui/relative-time.js';

describe('formatHumanDate', () => {
  it('writes a date as a person reads it, not as ISO 8601', () => {
    const at = Date.UTC(2026, 11, 1, 9, 30);
    const text = formatHumanDate(at, 'en-GB');
    expect(text).toContain('2026');
    expect(text).toMatch(/Dec/);
    expect(text).not.toContain('T09');
    expect(text).not.toContain('Z');
  });
  it('says so of a time no Date holds, without throwing', () => {
    expect(formatHumanDate(Infinity)).toBe('invalid date');
    expect(formatHumanDate(1e306)).toBe('invalid date');
    expect(formatHumanDate(Number.NaN)).toBe('invalid date');
  });
});

describe('grantSource', () => {
  it("names a pre-grant's source instead of a date, and it cannot be removed", () => {
    expect(grantSource({ by: 'preset' })).toEqual({
      text: "Set by the extension's build",
      removable: false,
    });
    expect(grantSource({ by: 'policy' })).toEqual({ text: 'Set by policy', removable: false });
  });
  it("a person's own decision can be removed", () => {
    expect(grantSource({ by: 'user' })).toEqual({ text: 'By you', removable: true });
  });
});
