import type { PageTokenInfo } from '@latchkey/core';
import type { GetTokenOptions, Latchkey, LatchkeyEvents } from '../../src/types.js';

/**
 * A Latchkey whose answers the test decides: each `getTokenInfo` waits for `answer()`. The store
 * under test is real; this stands for the page or extension behind it.
 */
export function scriptedLatchkey() {
  const calls: { provider: string; options?: GetTokenOptions; settle: Settle }[] = [];
  type Settle = (result: PageTokenInfo | Error) => void;
  const listeners = new Set<[string, (d: { provider: string }) => void]>();
  const signIns: Settle[] = [];
  const signOuts: ((err?: Error) => void)[] = [];
  const latchkey = {
    mode: 'page',
    getTokenInfo: (provider: string, options?: GetTokenOptions) =>
      new Promise<PageTokenInfo>((resolve, reject) =>
        calls.push({
          provider,
          ...(options ? { options } : {}),
          settle: (r) => (r instanceof Error ? reject(r) : resolve(r)),
        }),
      ),
    signIn: () =>
      new Promise<PageTokenInfo>((resolve, reject) =>
        signIns.push((r) => (r instanceof Error ? reject(r) : resolve(r))),
      ),
    signOut: () =>
      new Promise<void>((resolve, reject) =>
        signOuts.push((err) => (err ? reject(err) : resolve())),
      ),
    on: (event: string, fn: (d: { provider: string }) => void) => {
      const entry: [string, (d: { provider: string }) => void] = [event, fn];
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  } as unknown as Latchkey;
  return {
    latchkey,
    calls,
    signIns,
    signOuts,
    listenerCount: () => listeners.size,
    emit: (event: keyof LatchkeyEvents, provider: string) => {
      for (const [name, fn] of listeners) if (name === event) fn({ provider });
    },
    /** Settles the oldest pending getTokenInfo call. */
    answer: async (result: PageTokenInfo | Error) => {
      const call = calls.shift();
      if (!call) throw new Error('no getTokenInfo call pending');
      call.settle(result);
      await flush();
    },
  };
}

export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
let n = 0;
export const token = (lifetimeS = 300): PageTokenInfo => ({
  provider: 'acme',
  accessToken: `at-${++n}`,
  tokenType: 'Bearer',
  scopes: ['openid'],
  expiresAt: Date.now() + lifetimeS * 1000,
  account: { sub: 'alice' },
});
