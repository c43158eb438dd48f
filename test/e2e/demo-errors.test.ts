import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

/** The demo's failure paths in page mode, as the person sees them (text, colour, buttons). */
describe('demo SPA: what the person sees when sign-in does not go through', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  const notice = async (page: Page) => {
    const el = page.getByTestId('error');
    await el.waitFor({ timeout: 10_000 });
    return { text: await el.textContent(), className: await el.getAttribute('class') };
  };
  const startSignIn = async (page: Page): Promise<Page> => {
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('sign-in').click(),
    ]);
    return popup;
  };

  it('closing the popup: the button is busy meanwhile, then "Sign-in cancelled", not a red error', async () => {
    const page = await stack.openDemo('page');
    const popup = await startSignIn(page);
    const button = page.getByTestId('sign-in');
    expect(await button.isDisabled()).toBe(true);
    expect(await button.textContent()).toBe('Signing in…');
    await popup.close();
    expect(await notice(page)).toEqual({ text: 'Sign-in cancelled.', className: 'notice' });
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="sign-in"]') as HTMLButtonElement).disabled,
    );
    expect(await button.textContent()).toBe('Sign in (popup)');
    await page.close();
  });

  it('Cancel at the identity provider is "Sign-in cancelled" too', async () => {
    const page = await stack.openDemo('page');
    const popup = await startSignIn(page);
    const cancel = popup.getByText('[ Cancel ]');
    await cancel.waitFor({ timeout: 10_000 });
    await cancel.click();
    expect(await notice(page)).toEqual({ text: 'Sign-in cancelled.', className: 'notice' });
    await page.close();
  });

  it('an earlier error clears when the next sign-in succeeds; the API answer is indented and wrapped', async () => {
    // A callback nobody started: a red protocol error on load.
    const page = await stack.browser.context.newPage();
    await page.goto(`${stack.app.origin}/?mode=page&code=forged&state=forged`);
    const first = await notice(page);
    expect(first.className).toBe('error');
    expect(first.text).toMatch(/^state_mismatch: /);

    const popup = await startSignIn(page);
    await stack.login(popup);
    await page.getByTestId('claims').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);

    await page.getByTestId('call-api').click();
    const result = page.getByTestId('api-result').filter({ hasText: 'HTTP 200' });
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    // JSON pretty-printed: one member per line, two spaces in.
    expect(text).toMatch(/^HTTP 200 OK\n\{\n {2}"/);
    const style = await result.evaluate((el) => {
      const s = getComputedStyle(el);
      return { whiteSpace: s.whiteSpace, overflowWrap: s.overflowWrap };
    });
    expect(style).toEqual({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });

    const signOut = page.getByTestId('sign-out');
    await signOut.click();
    await page.getByTestId('sign-in').waitFor();
    await page.close();
  });
});
