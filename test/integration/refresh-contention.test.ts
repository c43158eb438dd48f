import { createClient, type LatchkeyError, type LatchkeyStorage } from '@latchkey/core';
import { HttpBrowser, holdRefresh, loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { untilRefreshDue } from './refresh-due.js';
import { signIn, startStack, type Stack } from './support.js';

/** `storage`, counting the session reads (`getTokens`) made through it. */
function counted(storage: LatchkeyStorage): { storage: LatchkeyStorage; reads: () => number } {
  let reads = 0;
  return {
    storage: new Proxy(storage, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (name === 'getTokens') reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
    reads: () => reads,
  };
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('a due token under contention (what page mode relies on)', () => {
  it('a client that saw the token due queues for the refresh lock at once: one session read, under the lock', async () => {
    stack = await startStack({ accessTokenTtl: 4 });
    await signIn(stack);
    const { storage, reads } = counted(stack.storage);
    const client = createClient({ providers: [stack.provider], storage });
    const first = await client.getToken('dev');
    await untilRefreshDue(stack);
    const before = reads();
    const refreshed = await client.getToken('dev');
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);
    // Not one read before the lock and another under it.
    expect(reads() - before).toBe(1);
    // The stored session is the refreshed one.
    expect((await stack.storage.getTokens('dev'))?.accessToken).toBe(refreshed.accessToken);

    // Lock-first calls and calls naming the account (read first) at once: still one refresh.
    await untilRefreshDue(stack);
    const sub = refreshed.account!.sub;
    const all = await Promise.all([
      client.getToken('dev'),
      client.getToken('dev', { account: sub }),
      client.getToken('dev'),
    ]);
    expect(new Set(all.map((t) => t.accessToken)).size).toBe(1);
    expect(all[0]!.accessToken).not.toBe(refreshed.accessToken);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(2);
  });

  it('a client that last saw another account current gets the current account’s token', async () => {
    stack = await startStack({ accessTokenTtl: 4 });
    const browser = new HttpBrowser();
    const signInAs = async (login: string, prompt?: string) => {
      const { url } = await stack!.client.beginAuthorization('dev', prompt ? { prompt } : {});
      return stack!.client.completeAuthorization(await loginOverHttp(url, { login, browser }));
    };
    await signInAs('alice');
    const client = createClient({ providers: [stack.provider], storage: stack.storage });
    expect((await client.getToken('dev')).account?.sub).toBe('alice');
    await untilRefreshDue(stack);
    // Another client signs bob in meanwhile: bob is current now.
    const bob = await signInAs('bob', 'login');
    const token = await client.getToken('dev');
    expect(token).toMatchObject({ accessToken: bob.accessToken, account: { sub: 'bob' } });
    // Alice's due token was not refreshed for a call that is about bob's.
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(0);
  });

  it('a signal withdraws a wait for the refresh lock; a caller sharing it without one still gets the token', async () => {
    stack = await startStack({ accessTokenTtl: 4 });
    await signIn(stack);
    await stack.client.getToken('dev');
    await untilRefreshDue(stack);
    const held = holdRefresh(stack.idp);
    // A refresh holds the session's lock, its request held at the IdP.
    const forced = stack.client.refresh('dev');
    await held.reached;
    const stop = new AbortController();
    const abandoned = stack.client.getToken('dev', { signal: stop.signal });
    const shared = stack.client.getToken('dev');
    const alone = new AbortController();
    const withdrawn = stack.client.getToken('dev', { scopes: ['openid'], signal: alone.signal });
    stop.abort();
    alone.abort();
    await expect(abandoned).rejects.toMatchObject({
      code: 'aborted',
    } satisfies Partial<LatchkeyError>);
    await expect(withdrawn).rejects.toMatchObject({ code: 'aborted' });
    held.open();
    const info = await forced;
    expect((await shared).accessToken).toBe(info.accessToken);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);
  });
});
