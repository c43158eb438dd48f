import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clickSignIn, signInByClick, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & {
  lk: import('../../packages/web/src/index.js').Latchkey;
  Latchkey: typeof import('../../packages/web/src/index.js');
  signOutResult?: Promise<string>;
};

/** Adds a button whose click calls `lk.signOut('dev', options)`, clicks it, and returns the popup and the outcome. */
async function clickSignOut(
  page: Page,
  options: Record<string, unknown>,
): Promise<{ popup: Page | undefined; result: () => Promise<string> }> {
  await page.evaluate((options) => {
    const w = window as unknown as Win;
    document.getElementById('sign-out')?.remove();
    const button = document.createElement('button');
    button.id = 'sign-out';
    button.textContent = 'sign out';
    button.onclick = () => {
      w.signOutResult = w.lk.signOut('dev', options).then(
        () => 'ok',
        (e: { code?: string }) => `error:${e.code}`,
      );
    };
    document.body.append(button);
  }, options);
  const popupEvent = page.waitForEvent('popup', { timeout: 3_000 }).catch(() => undefined);
  await page.click('#sign-out');
  const popup = await popupEvent;
  return { popup, result: () => page.evaluate(() => (window as unknown as Win).signOutResult!) };
}

/** What `getToken` answers now: `token` or `error:<code>`. */
function tokenState(page: Page): Promise<string> {
  return page.evaluate(() =>
    (window as unknown as Win).lk.getToken('dev').then(
      () => 'token',
      (e: { code?: string }) => `error:${e.code}`,
    ),
  );
}

/**
 * Signs in again and says whether the dev IdP showed its login form on the way (else it came back
 * at once, or asked for consent only: its session was still alive).
 */
async function nextSignInAsksToLogIn(stack: WebStack, page: Page): Promise<boolean> {
  const { popup, result } = await clickSignIn(page);
  if (!popup) throw new Error('no sign-in popup');
  const outcome = await Promise.race([
    result().then(() => 'done'),
    popup
      .waitForURL((url) => url.pathname.startsWith('/interaction/'), { timeout: 15_000 })
      .then(() => 'interaction'),
  ]);
  let asked = false;
  if (outcome === 'interaction') {
    // An interaction page waits for the user: what it shows is stable here.
    await popup.locator('button[type="submit"]').first().waitFor();
    asked = (await popup.locator('input[name="login"]').count()) > 0;
    await stack.login(popup);
  }
  expect(await result()).toMatch(/^token:/);
  return asked;
}

describe('@latchkey/web page mode: sign-out at the provider (RP-initiated logout)', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack();
  });
  afterAll(() => stack?.close());

  it('without endSession the provider session lives on: the next sign-in shows no login form', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    expect(await (await clickSignOut(page, {})).result()).toBe('ok');
    expect(await nextSignInAsksToLogIn(stack, page)).toBe(false);
    await page.close();
  });

  it('signOut({ endSession }) revokes, ends the session in a popup that closes, and the next sign-in asks to log in', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const revocations = stack.idp.requests.count('revocation');
    const { popup, result } = await clickSignOut(page, { endSession: true });
    expect(popup).toBeDefined();
    // Revocation comes first, before the provider's logout page.
    await popup!.locator('button[name="logout"][value="yes"]').waitFor();
    expect(stack.idp.requests.count('revocation')).toBeGreaterThan(revocations);
    // The provider's logout page asks; the user confirms.
    await popup!.locator('button[name="logout"][value="yes"]').click();
    expect(await result()).toBe('ok');
    await popup!.waitForEvent('close', { timeout: 10_000 }).catch(() => undefined);
    expect(popup!.isClosed()).toBe(true);
    expect(await tokenState(page)).toBe('error:login_required');
    expect(await nextSignInAsksToLogIn(stack, page)).toBe(true);
    await page.close();
  });

  it('a sign-in clicked while the logout popup is still open gets a window of its own; both complete', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const logout = await clickSignOut(page, { endSession: true });
    const confirm = logout.popup!.locator('button[name="logout"][value="yes"]');
    await confirm.waitFor();
    // The logout popup waits for the person; the sign-in must not take over (and lose) that window.
    const { popup, result } = await clickSignIn(page);
    expect(popup).toBeDefined();
    expect(popup).not.toBe(logout.popup);
    expect(logout.popup!.isClosed()).toBe(false);
    expect(await confirm.count()).toBe(1);
    const signedIn = await Promise.race([
      result(),
      popup!
        .waitForURL((url) => url.pathname.startsWith('/interaction/'), { timeout: 15_000 })
        .then(async () => {
          await stack.login(popup!);
          return result();
        }),
    ]);
    expect(signedIn).toMatch(/^token:/);
    await confirm.click();
    expect(await logout.result()).toBe('ok');
    await page.close();
  });

  it('a logout popup closed by the user still resolves: the tokens are gone', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const { popup, result } = await clickSignOut(page, { endSession: true });
    await popup!.locator('button[name="logout"]').first().waitFor();
    await popup!.close();
    expect(await result()).toBe('ok');
    expect(await tokenState(page)).toBe('error:login_required');
    await page.close();
  });

  it('a blocked logout popup signs out here and says popup_blocked', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    await page.evaluate(() => (window.open = () => null));
    expect(await (await clickSignOut(page, { endSession: true })).result()).toBe(
      'error:popup_blocked',
    );
    expect(await tokenState(page)).toBe('error:login_required');
    await page.close();
  });

  it('signOut({ endSession, redirect }) leaves the page and the callback page recognises the return', async () => {
    const page = await stack.openHarness('page');
    await signInByClick(stack, page);
    const idp = new URL(stack.idp.issuer).origin;
    const left = page.waitForURL((url) => url.origin === idp);
    void clickSignOut(page, { endSession: true, redirect: true, returnTo: '/?back=1' });
    await left;
    await page.locator('button[name="logout"][value="yes"]').click();
    // Back at the redirect URI (the demo), which handles the return and goes to returnTo.
    await page.waitForURL((url) => url.origin === stack.app.origin);
    await page.getByTestId('mode').waitFor();
    await page.waitForFunction(() => location.search === '?back=1');
    await expect(page.getByTestId('signed-out-at-provider').textContent()).resolves.toMatch(
      /signed out/i,
    );
    await page.close();
    const next = await stack.openHarness('page');
    expect(await nextSignInAsksToLogIn(stack, next)).toBe(true);
    await next.close();
  });
});
