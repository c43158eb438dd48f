import { describe, expect, it } from 'vitest';

import { pollInterval } from '../src/device/device-authorization.js';

describe('pollInterval (RFC 8628 §3.2, §3.5)', () => {
  it('is 5 s when the server names none, and stays within 5–600 s', () => {
    expect(pollInterval(undefined)).toBe(5_000);
    expect(pollInterval(1)).toBe(5_000);
    expect(pollInterval(7)).toBe(7_000);
    expect(pollInterval(1e10)).toBe(600_000);
    expect(pollInterval(Infinity)).toBe(600_000);
    expect(pollInterval(NaN)).toBe(5_000);
  });
});
