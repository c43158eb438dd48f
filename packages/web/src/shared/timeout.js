import { LatchkeyError } from '@latchkey/core';
/** Rejects with `timeout` when `promise` has not settled after `ms`; `onTimeout` cleans up. */
export function withTimeout(promise, ms, what, onTimeout) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
            onTimeout?.();
            reject(new LatchkeyError('timeout', `${what} timed out after ${ms} ms`, { retryable: true }));
        }, ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
