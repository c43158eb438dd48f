import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Latchkey } from '../../packages/web/src/index.js';
import { bridgeMemoScenario, type Evaluate } from '../e2e/support/bridge-memo.js';
import { serveDemo, type DemoServer } from '../e2e/support/web-demo-server.js';
import { startFirefoxStack, type FirefoxStack } from './support/firefox-stack.js';

type Win = Window & { lk: Latchkey };

// `@latchkey/web` and the demo SPA in Firefox, where every site reaches the broker through the
// content-script bridge: the same pages the Chromium e2e serves (test/e2e/support/web-demo-server.ts).
describe('Firefox: @latchkey/web and the demo in extension mode', () => {
  let stack: FirefoxStack;
  let app: DemoServer;
  const opened: Page[] = [];

  const open = async (path: string): Promise<Page> => {
    const page = await stack.browser.newPage();
    opened.push(page);
    await page.goto(`${app.origin}${path}`);
    return page;
  };

  beforeAll(async () => {
    [stack, app] = await Promise.all([
      startFirefoxStack({ extensionDir: inject('firefoxExtensionDir') }),
      serveDemo(),
    ]);
    const { id, issuer, clientId, scopes, resourceOrigins } = stack.provider;
    app.setConfig({
      provider: { id, issuer, clientId, scopes, resourceOrigins, redirectUri: app.redirectUri },
      apiUrl: stack.idp.apiUrl,
      mode: 'extension',
    });
  });
  afterAll(async () => {
    await stack?.close();
    await app?.close();
  });
  beforeEach(async () => {
    opened.length = 0; // reinstall() closes every page but the first
    await stack.reinstall();
    await stack.saveProvider();
    await stack.internal('allowSite', { origin: app.origin, provider: 'dev' });
  });

  it('a cached getToken is answered from memory, and never after a refresh, a revoked grant, a redefined provider or a sign-out', async () => {
    await bridgeMemoScenario(
      {
        origin: app.origin,
        openHarness: async () => {
          const page = await open('/harness.html');
          return ((fn: (arg: unknown) => unknown, arg: unknown) =>
            page.evaluate(fn, arg)) as Evaluate;
        },
        internal: (method, params) => stack.internal(method, params),
        providerConfig: stack.provider,
        signIn: async (page) => {
          const login = stack.loginInNextWindow();
          const token = page(
            async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
            null,
          );
          await login;
          return token;
        },
      },
      stack.provider,
    );
  });

  it('the demo finds the extension, signs in through the broker, calls the API by token-mediated fetch, signs out', async () => {
    const page = await open('/?mode=auto');
    const text = async (testId: string): Promise<string> =>
      (await page.$eval(`[data-testid="${testId}"]`, (e) => e.textContent)) ?? '';
    await page.waitForSelector('[data-testid="sign-in"]');
    expect(await text('mode')).toBe('extension mode');

    const login = stack.loginInNextWindow();
    await page.click('[data-testid="sign-in"]');
    await login;
    await page.waitForSelector('[data-testid="claims"]');
    expect(stack.idp.requests.count('token', 'authorization_code')).toBe(1);
    const sub = await page.$eval('[data-claim="sub"]', (e) => e.textContent);
    expect(sub).toBeTruthy();

    await page.click('[data-testid="call-api"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="api-result"]')?.textContent?.includes('HTTP'),
    );
    const result = await text('api-result');
    expect(result).toContain('HTTP 200');
    expect(result).toContain(sub!);
    // The page's own IndexedDB holds nothing: the tokens live in the extension.
    const databases = await page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name),
    );
    expect(databases).not.toContain('latchkey');

    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="sign-in"]');
    expect(stack.idp.requests.count('revocation')).toBeGreaterThan(0);
  });
});
