import { LatchkeyError } from '@latchkey/core';

/**
 * Promises that wait for a person, by key (consent request id, flow state). Only a live event's
 * callback lives here; what the person decided is stored (grants, tokens) before a waiter is told,
 * so a restarted worker loses nothing but the reply to a page that is gone anyway.
 */
interface Waiter<T> {
  resolve(value: T): void;
  reject(error: LatchkeyError): void;
}
const waiting = new Map<string, Waiter<unknown>>();

/** Waits for {@link settle} on `key`, or rejects with `timeout` after `ms`. */
export function waitFor<T>(key: string, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(key);
      reject(new LatchkeyError('timeout', `${what}: no answer in ${Math.round(ms / 1000)} s`));
    }, ms);
    waiting.set(key, {
      resolve: (v) => (clearTimeout(timer), waiting.delete(key), resolve(v as T)),
      reject: (e) => (clearTimeout(timer), waiting.delete(key), reject(e)),
    });
  });
}

/** Resolves or rejects the waiter on `key`; false when nobody waits (e.g. the worker restarted). */
export function settle(
  key: string,
  outcome: { value: unknown } | { error: LatchkeyError },
): boolean {
  const w = waiting.get(key);
  if (!w) return false;
  if ('error' in outcome) w.reject(outcome.error);
  else w.resolve(outcome.value);
  return true;
}
