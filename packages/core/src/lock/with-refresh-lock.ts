import type { ClientContext } from '../context.js';
import { LatchkeyError } from '../errors.js';

/** The Web Locks name shared by every tab and worker of an origin for `provider`. */
export function refreshLockName(provider: string): string {
  return `latchkey:refresh:${provider}`;
}

/**
 * Runs `task` as the only refresh of `provider`: callers in this client share one in-flight promise,
 * and where the Web Locks API exists (pages, workers; not Node 20) other tabs and workers wait on the
 * same named lock. `task` must re-read storage first: another holder may have refreshed already.
 * @see https://w3c.github.io/web-locks/#api-lock-manager-request
 */
export function withRefreshLock<T>(
  ctx: ClientContext,
  provider: string,
  task: () => Promise<T>,
): Promise<T> {
  const inflight = ctx.refreshes.get(provider);
  if (inflight) return inflight as Promise<T>;
  const promise = underWebLock(ctx, provider, task).finally(() => ctx.refreshes.delete(provider));
  ctx.refreshes.set(provider, promise);
  return promise;
}

/**
 * Runs `task` once no refresh of `provider` is running here or elsewhere, holding the same lock, so
 * that e.g. a sign-out cannot be undone by a refresh that writes its tokens back afterwards.
 */
export async function withProviderLock<T>(
  ctx: ClientContext,
  provider: string,
  task: () => Promise<T>,
): Promise<T> {
  await ctx.refreshes.get(provider)?.catch(() => undefined);
  return underWebLock(ctx, provider, task);
}

function underWebLock<T>(ctx: ClientContext, provider: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  if (!locks) return task();
  // The holder's own requests each time out, so the lock is not held forever; still, every wait has
  // a bound: discovery (two requests) and the token request, with room to spare.
  const signal = AbortSignal.timeout(ctx.timeout * 4);
  return (
    locks.request(refreshLockName(provider), { mode: 'exclusive', signal }, () =>
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
