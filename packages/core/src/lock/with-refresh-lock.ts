import type { ClientContext } from '../context.js';

/**
 * Runs `task` as the only refresh of `provider`: callers in this client share one in-flight promise,
 * and where the Web Locks API exists (pages, workers; not Node 20) other tabs and workers wait on the
 * same named lock. `task` must re-read storage first: another holder may have refreshed already.
 * @see https://w3c.github.io/web-locks/
 */
export function withRefreshLock<T>(
  ctx: ClientContext,
  provider: string,
  task: () => Promise<T>,
): Promise<T> {
  const inflight = ctx.refreshes.get(provider);
  if (inflight) return inflight as Promise<T>;
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  const run: Promise<T> = locks
    ? (locks.request(`latchkey:refresh:${provider}`, { mode: 'exclusive' }, task) as Promise<T>)
    : task();
  const promise = run.finally(() => ctx.refreshes.delete(provider));
  ctx.refreshes.set(provider, promise);
  return promise;
}
