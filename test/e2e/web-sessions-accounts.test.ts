import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAtDevIdp } from './support/web-idp-login.js';
import { clickSignIn, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & {
  lk: import('../../packages/web/src/index.js').Latchkey;
  events?: string[];
};

/** Signs `login` in on the harness page through the popup (`prompt=login`: the IdP asks who). */
async function signInAs(stack: WebStack, page: Page, login: string): Promise<void> {
  const { popup, result } = await clickSignIn(page, { prompt: 'login' });
  if (!popup) throw new Error('no sign-in popup');
  await loginAtDevIdp(popup, new URL(stack.idp.issuer).origin, login);
  expect(await result()).toMatch(/^token:/);
}

/** Runs `fn(lk, arg)` in the page: its value, or `error:<code>`. */
function inPage<A, R>(page: Page, fn: (lk: Win['lk'], arg: A) => Promise<R>, arg: A) {
  return page.evaluate(
    async ({ source, arg }) => {
      const f = new Function(`return (${source})`)() as (lk: unknown, a: unknown) => Promise<R>;
      try {
        return await f((window as unknown as Win).lk, arg);
      } catch (e) {
        return `error:${(e as { code?: string }).code}`;
      }
    },
    { source: fn.toString(), arg },
  );
}

describe('@latchkey/web page mode: several accounts of one provider', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  it('two accounts side by side, one per call, one signed out leaves the other; other tabs hear which', async () => {
    const page = await stack.openHarness('page');
    const other = await stack.openHarness('page');
    await other.evaluate(() => {
      const w = window as unknown as Win;
      w.events = [];
      w.lk.on('tokenChanged', (e) => w.events!.push(`tokenChanged:${e.provider}:${e.account}`));
      w.lk.on('signedOut', (e) => w.events!.push(`signedOut:${e.provider}:${e.account}`));
    });
    await signInAs(stack, page, 'alice');
    await signInAs(stack, page, 'bob');

    const accounts = await inPage(page, (lk) => lk.accounts('dev'), null);
    expect(accounts).toEqual([
      expect.objectContaining({ provider: 'dev', account: 'alice', current: false }),
      expect.objectContaining({ provider: 'dev', account: 'bob', current: true }),
    ]);
    expect(accounts).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: 'alice@example.test' })]),
    );

    // Without `account`, the one signed in last; with it, that account's own session.
    const subOf = (lk: Win['lk'], account: string | null) =>
      lk.getTokenInfo('dev', account === null ? {} : { account }).then((t) => t.account?.sub);
    expect(await inPage(page, subOf, null)).toBe('bob');
    expect(await inPage(page, subOf, 'alice')).toBe('alice');
    expect(
      await inPage(
        page,
        (lk, a: string) => lk.userinfo('dev', { account: a }).then((c) => c.sub),
        'alice',
      ),
    ).toBe('alice');
    const apiUrl = stack.idp.apiUrl;
    const api = await inPage(
      page,
      (lk, { url, account }: { url: string; account: string }) =>
        lk.fetch('dev', url, { account }).then((r) => r.text()),
      { url: apiUrl, account: 'alice' },
    );
    expect(api).toContain('alice');
    expect(api).not.toContain('bob');

    // Bob signs out; Alice stays signed in and becomes the current account.
    await inPage(page, (lk) => lk.signOut('dev', { account: 'bob' }), null);
    expect(await inPage(page, (lk) => lk.accounts('dev'), null)).toEqual([
      expect.objectContaining({ account: 'alice', current: true }),
    ]);
    expect(await inPage(page, subOf, null)).toBe('alice');
    expect(await inPage(page, subOf, 'bob')).toBe('error:no_session');

    // The other tab heard each sign-in and the sign-out, each naming its account.
    await other.waitForFunction(() =>
      (window as unknown as Win).events!.includes('signedOut:dev:bob'),
    );
    const events = await other.evaluate(() => (window as unknown as Win).events!);
    expect(events).toEqual(
      expect.arrayContaining([
        'tokenChanged:dev:alice',
        'tokenChanged:dev:bob',
        'signedOut:dev:bob',
      ]),
    );
    expect(await inPage(other, subOf, null)).toBe('alice');

    await inPage(page, (lk) => lk.signOut('dev', { allAccounts: true }), null);
    expect(await inPage(page, (lk) => lk.accounts('dev'), null)).toEqual([]);
    await page.close();
    await other.close();
  });
});
