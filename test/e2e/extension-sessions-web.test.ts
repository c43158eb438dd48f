import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Evaluate } from './support/bridge-memo.js';
import { buildExtensionForE2e } from './support/extension-build.js';
import { internal, loginInBrokerWindow } from './support/web-extension.js';
import {
  WEB_SESSION_SCOPES as WIDE,
  listenForSignOut,
  webAccountsScenario,
  webEndSessionScenario,
  webResourcesScenario,
  type WebSessionsDriver,
} from './support/web-sessions-scenario.js';
import { startWebStack, type WebStack } from './support/web-stack.js';

// @latchkey/web in extension mode passes the session options to the broker: per-call resources
// (each its own token, never served from the one in memory), the accounts a site may use, and a
// sign-out that ends the session at the provider through the broker's login window. The scenario
// is shared with Firefox (test/e2e/support/web-sessions-scenario.ts).
describe('@latchkey/web in extension mode: session options reach the broker', () => {
  let built: Awaited<ReturnType<typeof buildExtensionForE2e>> | undefined;
  let stack: WebStack;
  let page: Page;
  let driver: WebSessionsDriver;
  const idpOrigin = () => new URL(stack.idp.issuer).origin;
  const nextIdpWindow = () =>
    stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });

  beforeAll(async () => {
    built = await buildExtensionForE2e();
    stack = await startWebStack({ extensionDir: built.dir });
    const options = await stack.browser.context.newPage();
    await options.goto(`chrome-extension://${stack.browser.extensionId}/src/options/index.html`);
    const { redirectUri: _ignored, ...provider } = stack.provider;
    await internal(options, 'saveProvider', { config: { ...provider, scopes: WIDE } });
    await internal(options, 'allowSite', {
      origin: stack.app.origin,
      provider: 'dev',
      scopes: WIDE,
    });
    await options.close();
    page = await stack.openHarness('extension');
    driver = {
      issuer: stack.idp.issuer,
      page: ((fn: (arg: unknown) => unknown, arg: unknown) => page.evaluate(fn, arg)) as Evaluate,
      loginInNextWindow: async ({ form = false } = {}) => {
        if (!form) return loginInBrokerWindow(stack);
        const login = await nextIdpWindow();
        await login.locator('input[name="login"]').waitFor({ timeout: 15_000 });
        await stack.login(login);
      },
      logoutInNextWindow: async () => {
        await (await nextIdpWindow()).locator('button[name="logout"]').click();
      },
    };
    await listenForSignOut(driver.page);
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
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
