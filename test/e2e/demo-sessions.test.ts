import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAtDevIdp } from './support/web-idp-login.js';
import { startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

/** Clicks `testId` in the demo and returns the popup it opens. */
async function popupFrom(page: Page, testId: string): Promise<Page> {
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId(testId).click()]);
  return popup;
}

/** Whether the dev IdP's login form shows in `popup` (it waits for the person there). */
async function showsLoginForm(popup: Page): Promise<boolean> {
  await popup.waitForURL((url) => url.pathname.startsWith('/interaction/'), { timeout: 15_000 });
  await popup.locator('button[type="submit"]').first().waitFor();
  return (await popup.locator('input[name="login"]').count()) > 0;
}

describe('demo SPA in page mode: switch account, sign out everywhere', () => {
  let stack: WebStack;
  let idpOrigin: string;
  beforeAll(async () => {
    stack = await startWebStack();
    idpOrigin = new URL(stack.idp.issuer).origin;
  });
  afterAll(() => stack?.close());

  it('"Switch account" asks the provider who signs in, and shows the other account', async () => {
    const page = await stack.openDemo('page');
    await loginAtDevIdp(await popupFrom(page, 'sign-in'), idpOrigin, 'alice');
    await page.locator('[data-claim="sub"]').filter({ hasText: 'alice' }).waitFor();

    const popup = await popupFrom(page, 'switch-account');
    // The provider's session is alive, yet it asks for a login (prompt=login).
    expect(await showsLoginForm(popup)).toBe(true);
    await loginAtDevIdp(popup, idpOrigin, 'bob');
    await page.locator('[data-claim="sub"]').filter({ hasText: 'bob' }).waitFor();
    expect(await page.locator('[data-claim="email"]').textContent()).toBe('bob@example.test');
    await page.close();
  });

  it('"Sign out everywhere" ends the provider session: the next sign-in asks for the login again', async () => {
    const page = await stack.openDemo('page');
    await page.getByTestId('claims').or(page.getByTestId('sign-in')).first().waitFor();
    if (await page.getByTestId('sign-in').count())
      await loginAtDevIdp(await popupFrom(page, 'sign-in'), idpOrigin, 'carol');
    await page.getByTestId('claims').waitFor();

    const logout = await popupFrom(page, 'sign-out-everywhere');
    await logout.locator('button[name="logout"][value="yes"]').click();
    await logout.waitForEvent('close', { timeout: 10_000 }).catch(() => undefined);
    expect(logout.isClosed()).toBe(true);
    await page.getByTestId('sign-in').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    const again = await popupFrom(page, 'sign-in');
    expect(await showsLoginForm(again)).toBe(true);
    await loginAtDevIdp(again, idpOrigin, 'dave');
    await page.locator('[data-claim="sub"]').filter({ hasText: 'dave' }).waitFor();
    await page.close();
  });
});
