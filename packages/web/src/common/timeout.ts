import { LatchkeyError } from '@latchkey/core/base';

/** Rejects with `timeout` when `promise` has not settled after `ms`; `onTimeout` cleans up. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onTimeout?: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new LatchkeyError('timeout', `${what} timed out after ${ms} ms`, { retryable: true }));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
