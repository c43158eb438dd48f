import { createClient } from '@latchkey/core';
import type { LatchkeyStorage, TokenInfo } from '@latchkey/core';
import { HttpBrowser, holdRefresh, loginOverHttp } from '@latchkey/dev-idp/testing';
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
  it('gets the new tokens once the answer is checked, before the write, under the provider lock', async () => {
    const log: string[] = [];
    const calls: { info: TokenInfo; session: object; log: string[] }[] = [];
    stack = await startStack(
      { accessTokenTtl: 120 },
      {},
      {
        storage: logged(freshStorage(), log),
        onTokenRefreshed: (info, session) => calls.push({ info, session, log: [...log] }),
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
    // Called before the refresh's write (waiting tabs need not wait for storage), with the
    // token's lifetime (the margin of a cache: at most half of it) …
    expect(calls).toEqual([
      { info, session: { current: true, lifetime: 120_000 }, log: log.slice(0, before) },
    ]);
    // … and the write still lands before the sign-out, which waited for the lock, touches storage.
    const after = log.slice(before);
    expect(after[0]).toBe('putTokens');
    expect(after).toContain('deleteTokens');
  });

  it('is called again, corrected, when another account became current during the refresh', async () => {
    stack = await startStack({ accessTokenTtl: 120 });
    const browser = new HttpBrowser();
    const signInAs = async (client: Stack['client'], login: string, prompt?: string) => {
      const { url } = await client.beginAuthorization('dev', prompt ? { prompt } : {});
      return client.completeAuthorization(await loginOverHttp(url, { login, browser }));
    };
    const calls: { account: string | undefined; current: boolean }[] = [];
    const client = createClient({
      providers: [stack.provider],
      storage: stack.storage,
      onTokenRefreshed: (info, { current }) => calls.push({ account: info.account?.sub, current }),
    });
    await signInAs(client, 'alice');
    const { reached, open } = holdRefresh(stack.idp);
    const refresh = client.refresh('dev');
    await reached;
    // Another client (another tab) signs bob in while alice's refresh is at the server.
    await signInAs(stack.client, 'bob', 'login');
    open();
    const info = await refresh;
    expect(info.account?.sub).toBe('alice');
    // First handed out as the current account's (it was when read), then said again: not current.
    expect(calls).toEqual([
      { account: 'alice', current: true },
      { account: 'alice', current: false },
    ]);
    expect((await client.getToken('dev')).account?.sub).toBe('bob');
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
