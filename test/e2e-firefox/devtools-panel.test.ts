import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { tokenOf } from '../e2e/support/extension-stack.js';
import { findExtensionPage, waitEval } from './support/firefox.js';
import { startFirefoxStack, type FirefoxStack } from './support/firefox-stack.js';

// The devtools panel in Firefox. Headless Firefox opens no DevTools, and WebDriver BiDi reaches no
// toolbox, so what runs is the panel's own page (src/devtools/panel.html) in a tab the extension
// opens, with the DevTools host stubbed: `browser.devtools.inspectedWindow.eval` answers the
// inspected page's origin and `network.onRequestFinished` delivers the HAR entries the test gives it.
// Everything behind the panel is real: the Firefox build, its event page, the internal protocol,
// tokens from the dev IdP. Not covered here: the devtools page registering the panel
// (`devtools.panels.create`), Firefox's own `inspectedWindow.eval` and network events.
describe('Firefox: the devtools panel page', () => {
  let stack: FirefoxStack;
  let site: Page;
  let panel: Page;
  let token: string;

  beforeAll(async () => {
    stack = await startFirefoxStack({ extensionDir: inject('firefoxExtensionDir') });
    await stack.reinstall();
    await stack.saveProvider();
    site = await stack.openPage();
    await stack.internal('allowSite', { origin: stack.pages.origin, provider: 'dev' });
    const login = stack.loginInNextWindow();
    const reply = stack.bridge(site, 'signIn', { provider: 'dev' });
    await login;
    token = tokenOf(await reply);

    // The extension opens its panel page in a tab (BiDi does not navigate to moz-extension URLs).
    await stack.options().evaluate(() => {
      const b = (globalThis as unknown as { browser: { tabs: { create(o: object): unknown } } })
        .browser;
      void b.tabs.create({ url: '/src/devtools/panel.html' });
    });
    panel = await findExtensionPage(stack.browser, '/src/devtools/panel.html');
    // Outside DevTools the page has no `browser.devtools` and shows no inspected page: stub the host,
    // then run the panel's module again (a new module URL evaluates it anew and renders over it).
    await waitEval(panel, () => document.readyState === 'complete');
    const rendered = await panel.evaluate(async (origin) => {
      const finished = new Set<(entry: unknown) => void>();
      const navigated = new Set<(url: string) => void>();
      const event = <T>(set: Set<T>) => ({
        addListener: (fn: T) => void set.add(fn),
        removeListener: (fn: T) => void set.delete(fn),
        hasListener: (fn: T) => set.has(fn),
      });
      const w = window as unknown as {
        browser: Record<string, unknown>;
        __devtools: unknown;
      };
      w.browser.devtools = {
        inspectedWindow: {
          tabId: 1,
          eval: async (expression: string) =>
            expression === 'location.origin'
              ? [origin, undefined]
              : [undefined, { isError: true, description: 'not stubbed' }],
        },
        network: { onRequestFinished: event(finished), onNavigated: event(navigated) },
      };
      w.__devtools = { finish: (entry: unknown) => finished.forEach((fn) => fn(entry)) };
      const before = document.getElementById('app')!.textContent;
      const script = document.querySelector<HTMLScriptElement>('script[type="module"]')!;
      // A script element, not import(): the test runner rewrites import() in this function.
      const again = document.createElement('script');
      again.type = 'module';
      again.src = `${script.src}?firefox-test`;
      await new Promise((resolve, reject) => {
        again.onload = resolve;
        again.onerror = reject;
        document.head.append(again);
      });
      return { before };
    }, stack.pages.origin);
    // Outside DevTools the first run knew no inspected page.
    expect(rendered.before).not.toContain(stack.pages.origin);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const text = (selector: string): Promise<string> =>
    panel.evaluate(
      (s) => document.querySelector(s)?.textContent ?? '',
      `article.token-card[data-provider="dev"] ${selector}`,
    );

  it("shows the inspected origin's grant, account, scopes and refresh-token status from the Firefox broker", async () => {
    await waitEval(panel, () =>
      document.querySelector('.inspected-origin')?.textContent?.startsWith('http'),
    );
    expect(await panel.$eval('.inspected-origin', (e) => e.textContent)).toBe(stack.pages.origin);
    await waitEval(panel, () =>
      [...document.querySelectorAll('article.token-card[data-provider="dev"] .badge')].some(
        (b) => b.textContent === 'signed in',
      ),
    );
    const badges = await panel.$$eval('article.token-card[data-provider="dev"] .badge', (bs) =>
      bs.map((b) => b.textContent),
    );
    expect(badges).toContain('grant allowed');
    const granted = (await text('.granted-scopes')).split(' ');
    for (const scope of stack.provider.scopes as string[]) expect(granted).toContain(scope);
    expect(await text('.refresh-held')).toBe('held (value never shown)');
    expect(await text('.countdown')).toMatch(/^expires in \d+:\d\d$/);
  });

  it('masks the access token until Reveal, and the revealed value is the token the page got', async () => {
    const value = '[data-testid="access token value"]';
    const masked = await text(value);
    expect(masked).not.toContain(token.slice(8, -8));
    await panel.evaluate(() => {
      const card = document.querySelector('article.token-card[data-provider="dev"]')!;
      const button = [...card.querySelectorAll('button')].find(
        (b) => b.textContent?.trim() === 'Reveal access token',
      );
      button!.click();
    });
    await expect.poll(() => text(value)).toBe(token);
  });

  it('lists a bearer request delivered as DevTools reports one, and the calls to the broker', async () => {
    const url = `${stack.pages.origin}/api/opaque`;
    await panel.evaluate(
      (entry) =>
        (window as unknown as { __devtools: { finish(e: unknown): void } }).__devtools.finish(
          entry,
        ),
      {
        startedDateTime: new Date().toISOString(),
        time: 3,
        request: {
          method: 'GET',
          url,
          headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
        },
        response: { status: 404 },
      },
    );
    await panel.evaluate(() => {
      const tab = [...document.querySelectorAll('[role="tab"]')].find((t) =>
        t.textContent?.includes('Traffic'),
      ) as HTMLElement;
      tab.click();
    });
    await expect
      .poll(() => panel.$$eval('li.bearer-request', (items) => items.map((i) => i.textContent)))
      .toEqual([expect.stringContaining(url)]);
    // The broker's log: the site's signIn through the bridge, as Firefox's event page recorded it.
    await expect
      .poll(
        () =>
          panel.$$eval('table.broker-calls tbody tr', (rows) =>
            rows.map((r) => r.getAttribute('data-method')),
          ),
        { timeout: 10_000 },
      )
      .toContain('signIn');
  });
});
