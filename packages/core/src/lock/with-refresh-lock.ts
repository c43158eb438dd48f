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
 * @see https://w3c.github.io/web-locks/#api-lock-manager-request
 */
export function withRefreshLock<T>(
  ctx: ClientContext,
  provider: string,
  account: string,
  operation: string,
  task: () => Promise<T>,
): Promise<T> {
  const key = `${provider}\u0000${account}\u0000${operation}`;
  const inflight = ctx.refreshes.get(key);
  if (inflight) return inflight as Promise<T>;
  const promise = withSessionLock(ctx, provider, account, task).finally(() => {
    if (ctx.refreshes.get(key) === promise) ctx.refreshes.delete(key);
  });
  ctx.refreshes.set(key, promise);
  return promise;
}

/**
 * Runs `task` after every refresh, narrowing, sign-in write or sign-out of the session of `account`
 * of `provider` queued before it in this client, holding that session's Web Lock, so that e.g. a
 * sign-out cannot be undone by a refresh that writes its tokens back afterwards, nor a new sign-in by
 * an older refresh.
 */
export function withSessionLock<T>(
  ctx: ClientContext,
  provider: string,
  account: string,
  task: () => Promise<T>,
): Promise<T> {
  const key = `${provider}\u0000${account}`;
  const previous = ctx.queues.get(key) ?? Promise.resolve();
  const run = previous.then(() => underWebLock(ctx, provider, account, task));
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
): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return task();
  // The holder's own requests each time out, so the lock is not held forever; still, every wait has
  // a bound: discovery (two requests) and the token request, with room to spare.
  const signal = AbortSignal.timeout(ctx.timeout * 4);
  return (
    locks.request(refreshLockName(provider, account), { mode: 'exclusive', signal }, () =>
      task(),
    ) as Promise<T>
  ).catch((err: unknown) => {
    if (signal.aborted && err instanceof DOMException) {
      throw new LatchkeyError(
        'timeout',
        `Waited too long for another tab's refresh of ${provider}`,
        { cause: err, retryable: true },
      );
    }
    throw err;
  });
}
