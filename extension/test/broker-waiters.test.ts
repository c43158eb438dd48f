import { LatchkeyError } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, waitFor } from '../src/background/waiters.js';

describe('waiters (consent and login windows)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a window that never answers ends with timeout', async () => {
    const waiting = waitFor<string>('flow:a', 5 * 60_000, 'Login');
    const outcome = expect(waiting).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await outcome;
    // Nobody waits any more: a late answer is not delivered.
    expect(settle('flow:a', { value: 'late' })).toBe(false);
  });

  it('delivers an answer or an error once', async () => {
    const ok = waitFor<string>('k1', 1000, 'x');
    expect(settle('k1', { value: 'yes' })).toBe(true);
    await expect(ok).resolves.toBe('yes');
    expect(settle('k1', { value: 'again' })).toBe(false);
    const cancelled = waitFor<string>('k2', 1000, 'x');
    settle('k2', { error: new LatchkeyError('user_cancelled', 'closed') });
    await expect(cancelled).rejects.toMatchObject({ code: 'user_cancelled' });
  });
});
