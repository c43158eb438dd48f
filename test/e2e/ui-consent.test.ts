import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SCOPES,
  codeOf,
  startExtensionStack,
  type ExtensionStack,
} from './support/extension-stack.js';

/** A 1×1 PNG. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface GateLog {
  /**
   * The script started after the window had rendered its buttons (on a busy machine the browser
   * may run an init script late in a window the extension opened): nothing here then says what the
   * button was when it appeared.
   */
  late?: boolean;
  /** performance.now() when the Allow button first appeared, and whether it was disabled then. */
  firstSeen?: { at: number; disabled: boolean };
  /** performance.now() of every change of the Allow button's disabled state. */
  changes: { at: number; disabled: boolean }[];
}

/**
 * In every consent window, from its first script on: when the Allow button appears and each time it
 * turns on or off, with `performance.now()` (a MutationObserver, so nothing depends on when the test
 * looks).
 */
const GATE_LOG_SCRIPT = `(() => {
  if (!location.pathname.endsWith('/src/consent/index.html')) return;
  const log = { changes: [], late: document.querySelector('button') !== null };
  window.__gate = log;
  let last;
  new MutationObserver(() => {
    const allow = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Allow');
    if (allow === undefined) return;
    const at = performance.now();
    if (log.firstSeen === undefined) log.firstSeen = { at, disabled: allow.disabled };
    if (allow.disabled !== last) log.changes.push({ at, disabled: allow.disabled });
    last = allow.disabled;
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

// The consent window of the built extension in Chromium, against the real broker and the dev IdP.
describe('consent window: input delay, scopes, provider logo', () => {
  let stack: ExtensionStack;
  let site: Page;

  const gateLog = (win: Page) =>
    win.evaluate(
      () => (window as unknown as { __gate?: GateLog }).__gate ?? { changes: [], late: true },
    );
  const allowButton = (win: Page) => win.getByRole('button', { name: 'Allow' });

  beforeAll(async () => {
    stack = await startExtensionStack();
    // The page may ask only for scopes the provider is configured with.
    await stack.saveProvider({ logoUri: PNG, scopes: [...SCOPES, 'email', 'api:read'] });
    // (A string: the test's transpiled functions carry helpers the page does not have.)
    await stack.browser.context.addInitScript({ content: GATE_LOG_SCRIPT });
    site = await stack.open(stack.pages.pageUrl());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('Allow and Deny take no input until the window was visible and focused for a moment', async () => {
    /** A sign-in's consent window whose buttons the gate log saw appear (denied and asked again if not). */
    const watchedConsent = async () => {
      for (let attempt = 1; ; attempt++) {
        const consent = stack.nextConsent();
        const reply = stack.direct(site, 'signIn', { provider: 'dev' });
        const win = await consent;
        await allowButton(win).waitFor();
        if (!(await gateLog(win)).late || attempt === 3) return { win, reply };
        await win.getByRole('button', { name: 'Deny' }).click({ timeout: 10_000 });
        expect(codeOf(await reply)).toBe('consent_denied');
      }
    };
    const { win, reply } = await watchedConsent();
    // A click as soon as the button is there (the second click of a double-click) does nothing.
    await allowButton(win).click({ force: true, timeout: 2000 });
    await expect.poll(() => allowButton(win).isEnabled(), { timeout: 10_000 }).toBe(true);
    const log = await gateLog(win);
    expect(log.firstSeen?.disabled).toBe(true);
    const enabled = log.changes.find((c) => !c.disabled);
    expect(enabled!.at - log.firstSeen!.at).toBeGreaterThanOrEqual(750);
    expect(win.isClosed()).toBe(false);
    expect(await stack.internal('listGrants', { origin: stack.pages.origin })).toEqual([]);

    // Losing the focus turns the buttons off at once, and the delay starts over.
    const before = log.changes.length;
    await win.evaluate(() => window.dispatchEvent(new Event('blur')));
    await expect
      .poll(async () => (await gateLog(win)).changes.slice(before).map((c) => c.disabled))
      .toEqual([true, false]);
    const again = (await gateLog(win)).changes.slice(before);
    expect(again[1]!.at - again[0]!.at).toBeGreaterThanOrEqual(750);

    await win.getByRole('button', { name: 'Deny' }).click();
    expect(codeOf(await reply)).toBe('consent_denied');
  });

  it('shows the provider with its logo, and each scope as asked beside a plain phrase', async () => {
    await stack.internal('revokeGrant', { origin: stack.pages.origin, provider: 'dev' });
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', {
      provider: 'dev',
      scopes: [...SCOPES, 'email', 'api:read'],
    });
    const win = await consent;
    const scopes = win.getByTestId('consent-scopes');
    await scopes.waitFor();
    expect(await scopes.locator('li').allTextContents()).toEqual([
      'openid — confirm who you are',
      'profile — your name and profile picture',
      'offline_access — stay signed in',
      'email — your email address',
      'api:read — a permission defined by Dev IdP',
    ]);
    expect(await win.getByTestId('consent-provider').textContent()).toBe('Dev IdP');
    const logo = win.locator('img.provider-logo');
    await logo.waitFor();
    expect(await logo.getAttribute('src')).toBe(PNG);
    expect(await logo.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(
      1,
    );
    await win.getByRole('button', { name: 'Deny' }).click();
    expect(codeOf(await reply)).toBe('consent_denied');
  });

  it('options: the provider shows its logo and name', async () => {
    await stack.saveProvider({ logoUri: PNG });
    const options = await stack.open(
      `chrome-extension://${stack.extensionId}/src/options/index.html`,
    );
    const dev = options.locator('li[data-provider="dev"]');
    await dev.waitFor();
    expect(await dev.locator('img.provider-logo').getAttribute('src')).toBe(PNG);
    expect(await dev.getByRole('heading', { level: 3 }).textContent()).toBe('Dev IdP');
    await options.close();
  });
});
