import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import type { Evaluate } from '../e2e/support/bridge-memo.js';
import { serveDemo, type DemoServer } from '../e2e/support/web-demo-server.js';
import {
  WEB_SESSION_SCOPES as WIDE,
  listenForSignOut,
  webAccountsScenario,
  webEndSessionScenario,
  webResourcesScenario,
  type WebSessionsDriver,
} from '../e2e/support/web-sessions-scenario.js';
import { clickWhenThere, showsLoginForm } from './support/firefox.js';
import { loginAtDevIdp, startFirefoxStack, type FirefoxStack } from './support/firefox-stack.js';

type Win = Window & {
  lk: Latchkey;
  Latchkey: { createLatchkey(o: unknown): Promise<Latchkey> };
};

// `@latchkey/web` in extension mode in Firefox, where the site reaches the broker through the
// content-script bridge: the session options (per-call resources, accounts(), signOut with
// endSession) reach the broker. The Chromium scenario (test/e2e/support/web-sessions-scenario.ts),
// its parts in order on one install and one page.
describe('Firefox: @latchkey/web passes the session options to the broker', () => {
  let stack: FirefoxStack;
  let app: DemoServer;
  let driver: WebSessionsDriver;

  beforeAll(async () => {
    [stack, app] = await Promise.all([
      startFirefoxStack({ extensionDir: inject('firefoxExtensionDir') }),
      serveDemo(),
    ]);
    await stack.reinstall();
    await stack.saveProvider({ scopes: WIDE });
    await stack.internal('allowSite', { origin: app.origin, provider: 'dev', scopes: WIDE });
    const page = await stack.browser.newPage();
    await page.goto(`${app.origin}/harness.html`);
    const mode = await page.evaluate(
      async (provider) => {
        const w = window as unknown as Win;
        w.lk = await w.Latchkey.createLatchkey({
          providers: [provider],
          mode: 'extension',
          helloTimeout: 10_000,
        });
        return w.lk.mode;
      },
      { ...stack.provider, scopes: WIDE },
    );
    expect(mode).toBe('extension');
    const idpOrigin = new URL(stack.idp.issuer).origin;
    driver = {
      issuer: stack.idp.issuer,
      page: ((fn: (arg: unknown) => unknown, arg: unknown) => page.evaluate(fn, arg)) as Evaluate,
      loginInNextWindow: async ({ form = false } = {}) => {
        const window = await stack.nextLoginWindow();
        // Firefox loads the authorize URL in the background first: a living provider session
        // would have answered there, and no window would have opened.
        if (form) expect(await showsLoginForm(window)).toBe(true);
        await loginAtDevIdp(window, idpOrigin);
      },
      logoutInNextWindow: async () => {
        await clickWhenThere(await stack.nextLoginWindow(), 'button[name="logout"]');
      },
    };
    await listenForSignOut(driver.page);
  });
  afterAll(async () => {
    await stack?.close();
    await app?.close();
  });

  it('signIn and getToken carry resources: a token per resource, never the cached one', async () => {
    await webResourcesScenario(driver);
  });

  it('accounts() lists the account the site may use, userinfo takes it', async () => {
    await webAccountsScenario(driver);
  });

  it('signOut({ endSession }) ends the provider session: the next sign-in shows the login form', async () => {
    await webEndSessionScenario(driver);
  });
});
