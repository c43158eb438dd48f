import { LatchkeyError } from '@latchkey/core';
import { HttpBrowser, loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { untilRefreshDue } from './refresh-due.js';
import { rawRefresh, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/**
 * Signs `login` in through one browser (the IdP's session cookies kept), the second time with
 * `prompt=login`, as "Add account" would: the login form shows although the IdP has a session.
 */
async function signInAs(s: Stack, browser: HttpBrowser, login: string, prompt?: string) {
  const { url } = await s.client.beginAuthorization('dev', prompt ? { prompt } : {});
  const prompts: string[] = [];
  const info = await s.client.completeAuthorization(
    await loginOverHttp(url, { login, browser, prompts }),
  );
  expect(prompts).toContain('login');
  return info;
}

async function twoAccounts(options: Parameters<typeof startStack>[0] = {}) {
  stack = await startStack(options);
  const browser = new HttpBrowser();
  const alice = await signInAs(stack, browser, 'alice');
  const bob = await signInAs(stack, browser, 'bob', 'login');
  const records = {
    alice: (await stack.storage.getTokens('dev', 'alice'))!,
    bob: (await stack.storage.getTokens('dev', 'bob'))!,
  };
  return { stack, alice, bob, records };
}

describe('several accounts of one provider', () => {
  it('keeps both sessions side by side: each usable by account, the last signed in current', async () => {
    const { stack, alice, bob } = await twoAccounts();
    expect(alice.account?.sub).toBe('alice');
    expect(bob.account?.sub).toBe('bob');
    // A second account signs in beside the first: nothing is revoked.
    expect(stack.idp.requests.count('revocation')).toBe(0);

    const a = await stack.client.getToken('dev', { account: 'alice' });
    const b = await stack.client.getToken('dev', { account: 'bob' });
    expect(a).toMatchObject({ accessToken: alice.accessToken, account: { sub: 'alice' } });
    expect(b).toMatchObject({ accessToken: bob.accessToken, account: { sub: 'bob' } });
    // The server says whose each token is.
    expect(await stack.client.userinfo('dev', { account: 'alice' })).toMatchObject({
      sub: 'alice',
    });
    expect(await stack.client.userinfo('dev', { account: 'bob' })).toMatchObject({ sub: 'bob' });
    expect((await stack.client.refresh('dev', { account: 'alice' })).account?.sub).toBe('alice');

    // Without `account`: the one signed in last.
    expect((await stack.client.getToken('dev')).account?.sub).toBe('bob');
    expect((await stack.client.userinfo('dev')).sub).toBe('bob');
    const accounts = await stack.client.listAccounts('dev');
    expect(accounts.map((x) => [x.account, x.current]).sort()).toEqual([
      ['alice', false],
      ['bob', true],
    ]);
    expect(accounts.find((x) => x.account === 'alice')).toMatchObject({
      provider: 'dev',
      scopes: expect.arrayContaining(['openid']),
    });
    expect(JSON.stringify(accounts)).not.toContain(alice.accessToken);
    expect(await stack.client.listAccounts()).toHaveLength(2);

    // selectAccount switches the default.
    await stack.client.selectAccount('dev', 'alice');
    expect((await stack.client.getToken('dev')).account?.sub).toBe('alice');
    expect((await stack.client.getTokenInfo('dev'))?.account?.sub).toBe('alice');
    expect((await stack.client.userinfo('dev')).sub).toBe('alice');

    // An account without a session: no_session, and the default stays.
    for (const call of [
      () => stack.client.selectAccount('dev', 'carol'),
      () => stack.client.getToken('dev', { account: 'carol' }),
      () => stack.client.refresh('dev', { account: 'carol' }),
      () => stack.client.userinfo('dev', { account: 'carol' }),
      () => stack.client.getScopedToken('dev', ['openid'], { account: 'carol' }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LatchkeyError);
      expect(err).toMatchObject({ code: 'no_session' });
    }
    expect(await stack.client.getTokenInfo('dev', { account: 'carol' })).toBeUndefined();
    expect((await stack.client.getToken('dev')).account?.sub).toBe('alice');
  });

  it('signs one account out (revoking its tokens) and leaves the other; allAccounts signs out both', async () => {
    const { stack, records } = await twoAccounts();
    // The current account is bob: signing him out by name revokes his tokens only.
    await stack.client.signOut('dev', { account: 'bob' });
    expect(stack.idp.requests.count('revocation')).toBe(2);
    expect((await rawRefresh(stack, records.bob.refreshToken!)).status).toBe(400);
    expect(await stack.storage.getTokens('dev', 'bob')).toBeUndefined();
    // Alice is current now, and her session works at the server.
    expect((await stack.client.getTokenInfo('dev'))?.account?.sub).toBe('alice');
    expect((await stack.client.refresh('dev')).account?.sub).toBe('alice');
    expect(await stack.client.listAccounts('dev')).toMatchObject([
      { account: 'alice', current: true },
    ]);

    // Bob again (a new session beside alice's), then everyone out.
    const browser = new HttpBrowser();
    await signInAs(stack, browser, 'bob');
    const client = stack.client;
    const bobAgain = (await stack.storage.getTokens('dev', 'bob'))!;
    const aliceNow = (await stack.storage.getTokens('dev', 'alice'))!;
    await client.signOut('dev', { allAccounts: true });
    expect(await client.listAccounts('dev')).toEqual([]);
    expect(await client.getTokenInfo('dev')).toBeUndefined();
    await expect(client.getToken('dev')).rejects.toMatchObject({ code: 'login_required' });
    for (const refreshToken of [bobAgain.refreshToken!, aliceNow.refreshToken!])
      expect((await rawRefresh(stack, refreshToken)).status).toBe(400);
  });

  it('signOut without options signs the current account out only', async () => {
    const { stack, records } = await twoAccounts();
    await stack.client.signOut('dev');
    expect(await stack.storage.getTokens('dev', 'bob')).toBeUndefined();
    expect((await rawRefresh(stack, records.bob.refreshToken!)).status).toBe(400);
    expect((await stack.client.getToken('dev')).account?.sub).toBe('alice');
  });

  it('refreshes two accounts at once, each its own token; callers of one account share its refresh', async () => {
    const { stack, records } = await twoAccounts({ accessTokenTtl: 2 });
    await untilRefreshDue(stack);
    const before = stack.idp.requests.count('token', 'refresh_token');
    const [a1, b1, a2, b2] = await Promise.all([
      stack.client.getToken('dev', { account: 'alice' }),
      stack.client.getToken('dev', { account: 'bob' }),
      stack.client.getToken('dev', { account: 'alice' }),
      stack.client.getToken('dev', { account: 'bob' }),
    ]);
    // One refresh per account: not one for both, not one per caller.
    expect(stack.idp.requests.count('token', 'refresh_token') - before).toBe(2);
    expect(a1.account?.sub).toBe('alice');
    expect(b1.account?.sub).toBe('bob');
    expect(a2.accessToken).toBe(a1.accessToken);
    expect(b2.accessToken).toBe(b1.accessToken);
    expect(a1.accessToken).not.toBe(records.alice.accessToken);
    expect(b1.accessToken).not.toBe(records.bob.accessToken);
    expect(a1.accessToken).not.toBe(b1.accessToken);
    // Each stored under its own account, each the server's token of its user.
    expect((await stack.storage.getTokens('dev', 'alice'))!.accessToken).toBe(a1.accessToken);
    expect((await stack.storage.getTokens('dev', 'bob'))!.accessToken).toBe(b1.accessToken);
    expect(await stack.client.userinfo('dev', { account: 'alice' })).toMatchObject({
      sub: 'alice',
    });
    expect(await stack.client.userinfo('dev', { account: 'bob' })).toMatchObject({ sub: 'bob' });
  });

  it('events of one session carry its account', async () => {
    const events: { type: string; account?: string | undefined }[] = [];
    stack = await startStack({}, {}, { onEvent: (e) => events.push(e) });
    const browser = new HttpBrowser();
    await signInAs(stack, browser, 'alice');
    await signInAs(stack, browser, 'bob', 'login');
    await stack.client.refresh('dev', { account: 'alice' });
    await stack.client.signOut('dev', { account: 'bob' });
    expect(events.filter((e) => e.type === 'token_refreshed').map((e) => e.account)).toEqual([
      'alice',
    ]);
    expect(events.filter((e) => e.type === 'signed_out').map((e) => e.account)).toEqual(['bob']);
  });
});
