import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAtDevIdp } from './support/web-idp-login.js';
import { bearerRequestFrom, deliverRequest, stubDevtools } from './support/devtools-stub.js';
import {
  SCOPES,
  codeOf,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';

// The README's screenshot is rewritten only on request (`LATCHKEY_UPDATE_SCREENSHOT=1 npm run
// test:e2e`), so that a test run leaves the tree clean.
const SCREENSHOT = process.env['LATCHKEY_UPDATE_SCREENSHOT']
  ? fileURLToPath(new URL('../../docs/devtools-panel.png', import.meta.url))
  : join(tmpdir(), `latchkey-devtools-panel-${process.pid}.png`);

interface TokenDetailsView {
  name?: string;
  email?: string;
  sub?: string;
  expiresAt?: number;
  idToken?: string;
  accessToken?: string;
}

// The panel page of the built extension in Chromium, with `chrome.devtools` stubbed (inspected
// window + network only); the broker is the real service worker holding real tokens from the dev
// IdP, and the traffic is requests the inspected page really sent.
describe('devtools panel: the token inspector', () => {
  let stack: ExtensionStack;
  let site: Page;
  let panel: Page;
  let token: string;
  const panelUrl = () => `chrome-extension://${stack.extensionId}/src/devtools/panel.html`;
  const card = () => panel.locator('article.token-card[data-provider="dev"]');

  beforeAll(async () => {
    stack = await startExtensionStack();
    site = await stack.open(stack.pages.pageUrl());
    // Consent and sign-in, as a page using Latchkey does it.
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', { provider: 'dev' });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    token = tokenOf(await reply);
    expect(tokenOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe(token);

    panel = await stack.browser.context.newPage();
    await panel.setViewportSize({ width: 960, height: 1100 });
    await stubDevtools(panel, stack.pages.origin);
    await panel.goto(panelUrl());
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("shows the inspected origin's grant, account, scopes, expiry and refresh-token status", async () => {
    await expect
      .poll(() => panel.locator('.inspected-origin').textContent())
      .toBe(stack.pages.origin);
    await expect(card().locator('.badge', { hasText: 'grant allowed' }).count()).resolves.toBe(1);
    await card().locator('.badge', { hasText: 'signed in' }).waitFor();
    const details = (await stack.internal('tokenDetails', { provider: 'dev' })) as TokenDetailsView;
    const granted = (await card().locator('.granted-scopes').textContent()) ?? '';
    for (const scope of SCOPES) expect(granted.split(' ')).toContain(scope);
    expect(await card().locator('.account').textContent()).toBe(
      details.name ?? details.email ?? details.sub,
    );
    expect(await card().locator('.refresh-held').textContent()).toBe('held (value never shown)');
    expect(await card().locator('.last-refresh').textContent()).toBe('never');

    const countdown = card().locator('.countdown').first();
    expect(Number(await countdown.getAttribute('data-expires-at'))).toBe(details.expiresAt);
    const first = await countdown.textContent();
    expect(first).toMatch(/^expires in \d+:\d\d$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5000 }).not.toBe(first);
  });

  it('masks the access token until Reveal, and the revealed value is the token the page got', async () => {
    const value = card().getByTestId('access token value');
    const masked = (await value.textContent()) ?? '';
    expect(masked).not.toContain(token.slice(8, -8));
    expect(masked.length).toBeLessThan(token.length);
    await card().getByRole('button', { name: 'Reveal access token' }).click();
    expect(await value.textContent()).toBe(token);
    await card().getByRole('button', { name: 'Hide access token' }).click();
    expect(await value.textContent()).toBe(masked);
  });

  it('decodes the ID token (a JWS) and shows the opaque access token as opaque', async () => {
    const details = (await stack.internal('tokenDetails', { provider: 'dev' })) as TokenDetailsView;
    expect(details.idToken?.split('.')).toHaveLength(3);
    const idView = card().getByRole('region', { name: 'ID token decoded' });
    await expect(idView.locator('h4').textContent()).resolves.toMatch(/^ID token: JWT/);
    const claims = idView.locator('table', {
      has: panel.locator('caption', { hasText: 'Claims' }),
    });
    const claim = (name: string) =>
      claims.locator('tr', { has: panel.locator(`th:text-is("${name}")`) });
    expect(await claim('iss').locator('td').textContent()).toBe(stack.idp.issuer);
    expect(await claim('aud').locator('td').textContent()).toContain(stack.idp.clientId);
    expect(await claim('exp').locator('td').textContent()).toMatch(
      /\d{4}-\d\d-\d\dT.*\((in|.* ago)/,
    );
    const accessView = card().getByRole('region', { name: 'Access token decoded' });
    if (token.split('.').length === 3) {
      await expect(accessView.locator('h4').textContent()).resolves.toMatch(/^Access token: JWT/);
    } else {
      expect(await accessView.textContent()).toContain(`Opaque token (${token.length} characters)`);
    }
  });

  it("lists the page's bearer requests with the token decoded, and its calls to the broker", async () => {
    const idToken = (
      (await stack.internal('tokenDetails', { provider: 'dev' })) as TokenDetailsView
    ).idToken!;
    await deliverRequest(panel, await bearerRequestFrom(site, token, '/api/opaque'));
    await deliverRequest(panel, await bearerRequestFrom(site, idToken, '/api/jwt'));
    await panel.getByRole('tab', { name: /Traffic/ }).click();
    const items = panel.locator('li.bearer-request');
    await expect.poll(() => items.count()).toBe(2);
    const jwtItem = items.filter({ hasText: `${stack.pages.origin}/api/jwt` });
    expect(await jwtItem.locator('summary').textContent()).toContain('404');
    await jwtItem.locator('summary').click();
    const decoded = jwtItem.getByRole('region', { name: 'Bearer token decoded' });
    expect(await decoded.textContent()).toContain(stack.idp.issuer);
    const opaqueItem = items.filter({ hasText: `${stack.pages.origin}/api/opaque` });
    await opaqueItem.locator('summary').click();
    if (token.split('.').length !== 3) {
      expect(await opaqueItem.textContent()).toContain('Opaque token');
    }

    const calls = panel.locator('table.broker-calls tbody tr');
    await expect.poll(() => calls.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const getToken = panel.locator('table.broker-calls tr[data-method="getToken"]').first();
    await getToken.waitFor();
    expect(await getToken.textContent()).toContain('dev');
    expect(await getToken.textContent()).toContain('ok');
    expect(await getToken.textContent()).toMatch(/\d+ ms/);
    await panel.getByRole('tab', { name: 'Tokens' }).click();
  });

  it('a JWT with exp 1e306 in the traffic is shown as out of range; the list and the panel go on', async () => {
    const errors: string[] = [];
    panel.on('pageerror', (e) => errors.push(e.message));
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const huge = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://huge.test', aud: 'x', exp: 1e306, iat: -1e306 })}.c2ln`;
    await panel.getByRole('tab', { name: /Traffic/ }).click();
    const items = panel.locator('li.bearer-request');
    const before = await items.count();
    await deliverRequest(panel, await bearerRequestFrom(site, huge, '/api/huge-exp'));
    await expect.poll(() => items.count()).toBe(before + 1);
    const item = items.filter({ hasText: `${stack.pages.origin}/api/huge-exp` });
    await item.locator('summary').click();
    const decoded = item.getByRole('region', { name: 'Bearer token decoded' });
    const exp = decoded.locator('tr', { has: panel.locator('th:text-is("exp")') });
    expect(await exp.locator('td').textContent()).toContain('not a valid date');
    expect(
      await decoded.getByRole('list', { name: 'Bearer token problems' }).textContent(),
    ).toContain('exp is beyond any date');
    // The panel keeps ticking: the tab count and every earlier item are still there a tick later.
    await panel.waitForTimeout(1200);
    expect(await items.count()).toBe(before + 1);
    expect(await panel.getByRole('tab', { name: /Traffic/ }).textContent()).toBe(
      `Traffic (${before + 1})`,
    );
    expect(errors).toEqual([]);
    panel.removeAllListeners('pageerror');
  });

  it('an item that fails to render is replaced by a note; the other items stay', async () => {
    // A render fault the guards do not foresee, injected into the panel's own page: formatting the
    // start time of one request (2001-09-09T01:46:40Z, 1e12 ms) throws.
    await panel.evaluate(() => {
      const original = Date.prototype.toISOString;
      (window as unknown as { __restoreIso: () => void }).__restoreIso = () => {
        Date.prototype.toISOString = original;
      };
      Date.prototype.toISOString = function (this: Date) {
        if (this.getTime() === 1e12) throw new Error('injected render fault');
        return original.call(this);
      };
    });
    const items = panel.locator('li.bearer-request');
    const before = await items.count();
    expect(before).toBeGreaterThan(0);
    const entry = await bearerRequestFrom(site, token, '/api/faulty');
    await deliverRequest(panel, { ...entry, startedDateTime: new Date(1e12).toISOString() });
    const note = panel.locator('li.item-error');
    await note.waitFor();
    expect(await note.textContent()).toContain(
      `Could not show request GET ${stack.pages.origin}/api/faulty`,
    );
    expect(await items.count()).toBe(before);
    expect(await panel.getByRole('tab', { name: /Traffic/ }).textContent()).toBe(
      `Traffic (${before + 1})`,
    );
    await panel.evaluate(() => {
      (window as unknown as { __restoreIso: () => void }).__restoreIso();
    });
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.getByRole('tab', { name: 'Tokens' }).click();
  });

  it('saves a screenshot of the panel with real tokens', async () => {
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await card().getByRole('region', { name: 'ID token decoded' }).waitFor();
    const png = await panel.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await readFile(SCREENSHOT)).equals(png)).toBe(true);
  });

  it('Refresh now refreshes at the dev IdP: new token, last refresh ok', async () => {
    await card().getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(() => card().locator('.last-refresh').textContent(), { timeout: 15_000 })
      .toMatch(/^ok/);
    const fresh = tokenOf(
      await stack.direct(site, 'getToken', { provider: 'dev', minValidity: 0 }),
    );
    expect(fresh).not.toBe(token);
    await card().getByRole('button', { name: 'Reveal access token' }).click();
    await expect.poll(() => card().getByTestId('access token value').textContent()).toBe(fresh);
    expect(await stack.apiStatus(fresh)).toBe(200);
    token = fresh;
  });

  it('Sign out signs out in the broker and revokes at the server', async () => {
    await card().getByRole('button', { name: 'Sign out of dev' }).click();
    await card().locator('.badge', { hasText: 'signed out' }).waitFor({ timeout: 15_000 });
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe(
      'login_required',
    );
    expect(await stack.apiStatus(token)).toBe(401);
  });

  it("Revoke this site's grant removes the grant in the broker", async () => {
    await card().getByRole('button', { name: 'Revoke this site’s grant' }).click();
    await panel.locator('.no-grants').waitFor({ timeout: 15_000 });
    expect(await stack.internal('listGrants', { origin: stack.pages.origin })).toEqual([]);
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe(
      'consent_required',
    );
  });

  it('follows the inspected page to an origin without Latchkey and still decodes its bearer tokens', async () => {
    const other = await stack.open(stack.otherPages.pageUrl());
    await panel.evaluate((o) => {
      (window as unknown as { __devtools: { navigate(o: string): void } }).__devtools.navigate(o);
    }, stack.otherPages.origin);
    await expect
      .poll(() => panel.locator('.inspected-origin').textContent())
      .toBe(stack.otherPages.origin);
    await panel.locator('.no-grants').waitFor();
    // A JWS the page holds by other means: the IdP's ID token from the sign-in above is reused here.
    const consent = stack.nextConsent();
    const reply = stack.direct(site, 'signIn', { provider: 'dev' });
    await (await consent).getByRole('button', { name: 'Allow' }).click();
    await stack.loginInNextWindow();
    tokenOf(await reply);
    const idToken = (
      (await stack.internal('tokenDetails', { provider: 'dev' })) as TokenDetailsView
    ).idToken!;
    await deliverRequest(panel, await bearerRequestFrom(other, idToken, '/api/elsewhere'));
    await panel.getByRole('tab', { name: /Traffic/ }).click();
    const item = panel.locator('li.bearer-request', {
      hasText: `${stack.otherPages.origin}/api/elsewhere`,
    });
    await item.locator('summary').click();
    const decoded = item.getByRole('region', { name: 'Bearer token decoded' });
    expect(await decoded.textContent()).toContain(stack.idp.issuer);
    expect(await panel.locator('table.broker-calls').count()).toBe(0);
    await other.close();
  });
  // In the same browser and build as the tests above: a second build and browser here made this test
  // carry a whole stack start inside its own time budget, which a loaded machine exceeded.
  it('registers the "Latchkey" panel pointing at the built panel page', async () => {
    const page = await stack.browser.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { chrome: Record<string, unknown>; __created: unknown[] };
      w.__created = [];
      w.chrome.devtools = {
        panels: {
          create: (...args: unknown[]) => {
            w.__created.push(args.filter((a) => typeof a !== 'function'));
          },
        },
      };
      // The page reads `browser.devtools` (webextension-polyfill; native in recent Chromium).
      const native = (window as unknown as { browser?: Record<string, unknown> }).browser;
      if (native) native.devtools = w.chrome.devtools;
    });
    await page.goto(`chrome-extension://${stack.extensionId}/src/devtools/index.html`);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __created: unknown[] }).__created))
      .toEqual([['Latchkey', '', 'src/devtools/panel.html']]);
    // The page it names exists in the build and renders the panel.
    const panelPage = await stack.browser.context.newPage();
    await stubDevtools(panelPage, stack.pages.origin);
    await panelPage.goto(`chrome-extension://${stack.extensionId}/src/devtools/panel.html`);
    await expect.poll(() => panelPage.locator('h1').textContent()).toBe('Latchkey');
    await page.close();
    await panelPage.close();
  });

  it("lists the provider's accounts: two of one provider, the sites using each; one signs out alone", async () => {
    // Back on the first site, signed in again (as alice) while the panel followed the page away.
    await panel.evaluate((o) => {
      (window as unknown as { __devtools: { navigate(o: string): void } }).__devtools.navigate(o);
    }, stack.pages.origin);
    await expect
      .poll(() => panel.locator('.inspected-origin').textContent())
      .toBe(stack.pages.origin);
    // A second account (bob) through the other site, signed in at the dev IdP's login form.
    await stack.internal('allowSite', {
      origin: stack.otherPages.origin,
      provider: 'dev',
      scopes: SCOPES,
    });
    const other = await stack.open(stack.otherPages.pageUrl());
    const idpOrigin = new URL(stack.idp.issuer).origin;
    const login = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin),
    });
    const reply = stack.direct(other, 'signIn', {
      provider: 'dev',
      scopes: SCOPES,
      prompt: 'login',
    });
    await loginAtDevIdp(await login, idpOrigin, 'bob@example.com');
    tokenOf(await reply);

    await panel.getByRole('tab', { name: 'Tokens' }).click();
    await panel.getByRole('button', { name: 'Reload grants and tokens' }).click();
    const items = card().locator('ul.account-list > li.account-item');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    const alice = card().locator('li.account-item[data-account="alice@example.com"]');
    const bob = card().locator('li.account-item[data-account="bob@example.com"]');
    // Who each is: a name, and the `sub` beside it.
    for (const [item, sub] of [
      [alice, 'alice@example.com'],
      [bob, 'bob@example.com'],
    ] as const) {
      expect(await item.locator('.account-sub').textContent()).toBe(`id ${sub}`);
      expect(await item.locator('.account-who').textContent()).not.toBe(sub);
    }
    expect(await alice.locator('.account-sites').textContent()).toBe(
      `Used by: ${stack.pages.origin}`,
    );
    expect(await bob.locator('.account-sites').textContent()).toBe(
      `Used by: ${stack.otherPages.origin}`,
    );
    // Exactly one of them is the provider's current account.
    expect(await card().locator('li.account-item .badge', { hasText: 'current' }).count()).toBe(1);

    // Signing bob out from the panel leaves alice, and the inspected site keeps its token.
    await bob.getByRole('button', { name: /^Sign out / }).click();
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    expect(await items.first().getAttribute('data-account')).toBe('alice@example.com');
    expect(codeOf(await stack.direct(other, 'getToken', { provider: 'dev' }))).not.toBe('ok');
    expect(codeOf(await stack.direct(site, 'getToken', { provider: 'dev' }))).toBe('ok');
    await other.close();
  });
});
