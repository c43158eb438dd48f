import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Latchkey } from '../../packages/web/src/index.js';
import { startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey };

/**
 * The same small app on each binding (test/e2e/binding-apps): a `useSession('dev')` and a
 * `useAccessToken('dev', { scopes: ['openid'] })` rendered by the real framework in Chromium, in
 * page mode against the dev IdP.
 */
describe.each(['react', 'preact', 'vue'])('@latchkey/web/%s', (framework) => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  const open = async (): Promise<Page> => {
    const page = await stack.browser.context.newPage();
    await page.goto(`${stack.app.origin}/apps/${framework}.html`);
    return page;
  };
  const text = (page: Page, id: string) => page.getByTestId(id).textContent();
  const until = (page: Page, id: string, value: string) =>
    page.waitForFunction(
      ({ id, value }) => document.querySelector(`[data-testid="${id}"]`)?.textContent === value,
      { id, value },
      { timeout: 10_000 },
    );

  it('signs in (pending meanwhile), shows the account and a token, and follows a sign-out made in another tab', async () => {
    const a = await open();
    await until(a, 'status', 'signedOut');
    expect(await text(a, 'token')).toBe('');

    const [popup] = await Promise.all([a.waitForEvent('popup'), a.getByTestId('sign-in').click()]);
    await until(a, 'pending', 'signIn');
    await stack.login(popup);
    await until(a, 'status', 'signedIn');
    await until(a, 'pending', '');
    expect(await text(a, 'sub')).toBeTruthy();
    // useAccessToken: the token getToken gives for those scopes.
    await a.waitForFunction(
      () => document.querySelector('[data-testid="token"]')?.textContent !== '',
    );
    const token = await a.evaluate(() => (window as unknown as Win).lk.getToken('dev'));
    expect(await text(a, 'token')).toBe(token);

    // Another tab reads the same session from this origin's storage…
    const b = await open();
    await until(b, 'status', 'signedIn');
    expect(await text(b, 'token')).toBe(token);
    // …and signs out: the first tab's components follow, with no request of their own.
    await b.getByTestId('sign-out').click();
    await until(b, 'status', 'signedOut');
    await until(a, 'status', 'signedOut');
    expect(await text(a, 'token')).toBe('');
    expect(await text(a, 'sub')).toBe('');
    await a.close();
    await b.close();
  });

  it('closing the sign-in popup is user_cancelled; the next sign-in clears it', async () => {
    const page = await open();
    await until(page, 'status', 'signedOut');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('sign-in').click(),
    ]);
    await popup.close();
    await until(page, 'error', 'user_cancelled');
    expect(await text(page, 'status')).toBe('signedOut');
    expect(await text(page, 'pending')).toBe('');

    const [again] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('sign-in').click(),
    ]);
    await stack.login(again);
    await until(page, 'status', 'signedIn');
    expect(await text(page, 'error')).toBe('');
    await page.getByTestId('sign-out').click();
    await until(page, 'status', 'signedOut');
    await page.close();
  });
});
