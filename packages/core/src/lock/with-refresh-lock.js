import { LatchkeyError } from '../errors.js';
/** The Web Locks name shared by every tab and worker of an origin for `provider`. */
export function refreshLockName(provider) {
    return `latchkey:refresh:${provider}`;
}
/**
 * Runs `task` as the only refresh of `provider` of its kind (`operation`: the session's refresh, or a
 * narrowing to one scope set): callers asking for the same operation in this client share one
 * in-flight promise; different operations of one provider run one after another, never side by side
 * (each reads the record the previous one wrote, and a rotated refresh token is never overwritten).
 * Where the Web Locks API exists (pages, workers; not Node 20) other tabs and workers wait on the
 * same named lock. `task` must re-read storage first: another holder may have refreshed already.
 * @see https://w3c.github.io/web-locks/#api-lock-manager-request
 */
export function withRefreshLock(ctx, provider, operation, task) {
    const key = `${provider}\u0000${operation}`;
    const inflight = ctx.refreshes.get(key);
    if (inflight)
        return inflight;
    const promise = withProviderLock(ctx, provider, task).finally(() => {
        if (ctx.refreshes.get(key) === promise)
            ctx.refreshes.delete(key);
    });
    ctx.refreshes.set(key, promise);
    return promise;
}
/**
 * Runs `task` after every refresh, narrowing, sign-in write or sign-out of `provider` queued before
 * it in this client, holding the provider's Web Lock, so that e.g. a sign-out cannot be undone by a
 * refresh that writes its tokens back afterwards, nor a new sign-in by an older refresh.
 */
export function withProviderLock(ctx, provider, task) {
    const previous = ctx.queues.get(provider) ?? Promise.resolve();
    const run = previous.then(() => underWebLock(ctx, provider, task));
    const tail = run.then(() => undefined, () => undefined);
    ctx.queues.set(provider, tail);
    void tail.then(() => {
        if (ctx.queues.get(provider) === tail)
            ctx.queues.delete(provider);
    });
    return run;
}
function underWebLock(ctx, provider, task) {
    const locks = globalThis.navigator?.locks;
    if (!locks)
        return task();
    // The holder's own requests each time out, so the lock is not held forever; still, every wait has
    // a bound: discovery (two requests) and the token request, with room to spare.
    const signal = AbortSignal.timeout(ctx.timeout * 4);
    return locks.request(refreshLockName(provider), { mode: 'exclusive', signal }, () => task()).catch((err) => {
        if (signal.aborted && err instanceof DOMException) {
            throw new LatchkeyError('timeout', `Waited too long for another tab's refresh of ${provider}`, { cause: err, retryable: true });
        }
        throw err;
    });
}
