import type { LatchkeyStorage, TokenInfo } from '@latchkey/core';
import { holdRefresh } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { freshStorage, signIn, startStack, type Stack } from './support.js';

/** `storage`, noting each call of its token methods in `log` as it is made. */
function logged(storage: LatchkeyStorage, log: string[]): LatchkeyStorage {
  return new Proxy(storage, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof name === 'string' && name.endsWith('Tokens')) log.push(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('onTokenRefreshed (how page mode hands a refreshed token to waiting tabs)', () => {
  it('gets the stored tokens while the refresh still holds the provider lock', async () => {
    const log: string[] = [];
    const calls: { info: TokenInfo; log: string[] }[] = [];
    stack = await startStack(
      {},
      {},
      {
        storage: logged(freshStorage(), log),
        onTokenRefreshed: (info) => calls.push({ info, log: [...log] }),
      },
    );
    await signIn(stack);
    // A token narrowed to fewer scopes is not the session's: no call.
    await stack.client.getScopedToken('dev', ['openid']);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(1);
    expect(calls).toEqual([]);
    // The refresh's token request is held at the IdP until the sign-out has queued behind it.
    const { reached, open } = holdRefresh(stack.idp);
    const refresh = stack.client.refresh('dev');
    await reached;
    const before = log.length;
    // Queued behind the refresh on the provider lock: it must not have run when the hook is called.
    const out = stack.client.signOut('dev');
    open();
    const info = await refresh;
    await out;
    // Called right after the refresh's one write, before the sign-out touched storage.
    expect(calls).toEqual([{ info, log: [...log.slice(0, before), 'putTokens'] }]);
    expect(log.slice(before + 1)).toContain('deleteTokens');
  });

  it('a hook that throws does not fail the refresh', async () => {
    stack = await startStack(
      {},
      {},
      {
        onTokenRefreshed: () => {
          throw new Error('listener bug');
        },
      },
    );
    const before = await signIn(stack);
    const info = await stack.client.refresh('dev');
    expect(info.accessToken).not.toBe(before.accessToken);
    expect((await stack.client.getTokenInfo('dev'))?.accessToken).toBe(info.accessToken);
  });
});
