import type { ClientContext } from '../context.js';
import { LatchkeyError } from '../errors.js';

/**
 * The Web Locks name shared by every tab and worker of an origin for the session of `account` of
 * `provider` (the name of a session without an account is the one a provider's only session had).
 */
export function refreshLockName(provider: string, account = ''): string {
  return account === ''
    ? `latchkey:refresh:${provider}`
    : `latchkey:refresh:${provider}\u0000${account}`;
}

/**
 * Runs `task` as the only refresh of its kind (`operation`: the session's refresh, or a narrowing to
 * one scope set) of the session of `account` of `provider`: callers asking for the same operation
 * of the same session in this client share one in-flight promise; different operations of one
 * session run one after another, never side by side (each reads the record the previous one wrote,
 * and a rotated refresh token is never overwritten). Sessions of other accounts are not held up.
 * Where the Web Locks API exists (pages, workers; not Node 20) other tabs and workers wait on the
 * same named lock. `task` must re-read storage first: another holder may have refreshed already.
 *
 * `signal` abandons this caller's wait (it rejects with `aborted`) — e.g. once another tab has
 * broadcast the token it waited for; the lock request itself is withdrawn when every caller sharing
 * it has abandoned it, before `task` runs. A `task` under way is never abandoned.
 * @see https://w3c.github.io/web-locks/#api-lock-manager-request
 */
export function withRefreshLock<T>(
  ctx: ClientContext,
  provider: string,
  account: string,
  operation: string,
  task: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const key = `${provider}\u0000${account}\u0000${operation}`;
  let shared = ctx.refreshes.get(key) as SharedRefresh<T> | undefined;
  if (!shared) {
    const withdraw = new AbortController();
    const promise = withSessionLock(ctx, provider, account, task, withdraw.signal).finally(() => {
      if (ctx.refreshes.get(key) === shared) ctx.refreshes.delete(key);
    });
    ctx.refreshes.set(key, (shared = { promise, withdraw, waiting: 0 }));
  }
  if (!signal) {
    // A caller that never abandons: the wait is never withdrawn.
    shared.waiting = Infinity;
    return shared.promise;
  }
  const { promise, withdraw } = shared;
  const one = shared;
  one.waiting++;
  return new Promise<T>((resolve, reject) => {
    const abandon = () => {
      reject(aborted(provider));
      if (--one.waiting === 0) {
        withdraw.abort();
        // The next caller asks anew; the withdrawn promise settles `aborted`, or with the task's
        // result when the lock was granted first.
        if (ctx.refreshes.get(key) === one) ctx.refreshes.delete(key);
      }
    };
    if (signal.aborted) return abandon();
    signal.addEventListener('abort', abandon, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abandon));
  });
}

/** A refresh in flight and the callers waiting for it ({@link withRefreshLock}). */
interface SharedRefresh<T> {
  promise: Promise<T>;
  /** Withdraws the lock request (not a task under way). */
  withdraw: AbortController;
  /** Callers that may still abandon it; `Infinity` once one never will. */
  waiting: number;
}

const aborted = (provider: string) =>
  new LatchkeyError('aborted', `Stopped waiting for the refresh of ${provider}`);

/**
 * Runs `task` after every refresh, narrowing, sign-in write or sign-out of the session of `account`
 * of `provider` queued before it in this client, holding that session's Web Lock, so that e.g. a
 * sign-out cannot be undone by a refresh that writes its tokens back afterwards, nor a new sign-in by
 * an older refresh. `signal` withdraws it (`aborted`) until `task` has begun.
 */
export function withSessionLock<T>(
  ctx: ClientContext,
  provider: string,
  account: string,
  task: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const key = `${provider}\u0000${account}`;
  const previous = ctx.queues.get(key) ?? Promise.resolve();
  const run = previous.then(() => {
    if (signal?.aborted) throw aborted(provider);
    return underWebLock(ctx, provider, account, task, signal);
  });
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  ctx.queues.set(key, tail);
  void tail.then(() => {
    if (ctx.queues.get(key) === tail) ctx.queues.delete(key);
  });
  return run;
}

function underWebLock<T>(
  ctx: ClientContext,
  provider: string,
  account: string,
  task: () => Promise<T>,
  withdraw?: AbortSignal,
): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return task();
  // The holder's own requests each time out, so the lock is not held forever; still, every wait has
  // a bound: discovery (two requests) and the token request, with room to spare.
  const timeout = AbortSignal.timeout(ctx.timeout * 4);
  const signal = withdraw ? AbortSignal.any([timeout, withdraw]) : timeout;
  return (
    locks.request(refreshLockName(provider, account), { mode: 'exclusive', signal }, () =>
      task(),
    ) as Promise<T>
  ).catch((err: unknown) => {
    if (withdraw?.aborted && err instanceof DOMException) throw aborted(provider);
    if (timeout.aborted && err instanceof DOMException) {
      throw new LatchkeyError(
        'timeout',
        `Waited too long for another tab's refresh of ${provider}`,
        { cause: err, retryable: true },
      );
    }
    throw err;
  });
}
