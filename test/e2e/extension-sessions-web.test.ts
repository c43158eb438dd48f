import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary, Latchkey } from '../../packages/web/src/index.js';
import { buildExtensionForE2e } from './support/extension-build.js';
import { internal, loginInBrokerWindow } from './support/web-extension.js';
import { startWebStack, type WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey; events: string[] };
const WIDE = ['openid', 'profile', 'email', 'offline_access', 'api:read'];

const audOf = (jwt: string): unknown => {
  const part = jwt.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { aud?: unknown }).aud;
};

// @latchkey/web in extension mode passes the session options to the broker: per-call resources
// (each its own token, never served from the one in memory), the accounts a site may use, and a
// sign-out that ends the session at the provider through the broker's login window.
describe('@latchkey/web in extension mode: session options reach the broker', () => {
  let built: Awaited<ReturnType<typeof buildExtensionForE2e>> | undefined;
  let stack: WebStack;
  let page: Page;
  let a: string;
  let b: string;
  const idpOrigin = () => new URL(stack.idp.issuer).origin;

  beforeAll(async () => {
    built = await buildExtensionForE2e();
    stack = await startWebStack({ extensionDir: built.dir });
    a = `${stack.idp.issuer}/api/a`;
    b = `${stack.idp.issuer}/api/b`;
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
    await page.evaluate(() => {
      const w = window as unknown as Win;
      w.events = [];
      w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
    });
  });
  afterAll(async () => {
    await stack?.close();
    await built?.remove();
  });

  it('signIn and getToken carry resources: a token per resource, never the cached one', async () => {
    const login = loginInBrokerWindow(stack);
    const session = page.evaluate(
      async ({ scopes, resource }) =>
        (await (window as unknown as Win).lk.signIn('dev', { scopes, resource })).accessToken,
      { scopes: WIDE, resource: [a, b] },
    );
    await login;
    expect(await session).toBeTruthy();
    const tokens = await page.evaluate(
      async ({ a, b }) => {
        const lk = (window as unknown as Win).lk;
        return {
          plain: await lk.getToken('dev'),
          a: await lk.getToken('dev', { resource: a }),
          b: await lk.getToken('dev', { resource: [b] }),
          plainAgain: await lk.getToken('dev'),
          outside: await lk.getToken('dev', { resource: 'https://elsewhere.example/' }).then(
            () => 'ok',
            (e: { code?: string }) => e.code,
          ),
        };
      },
      { a, b },
    );
    expect(audOf(tokens.a)).toBe(a);
    expect(audOf(tokens.b)).toBe(b);
    expect(tokens.plainAgain).toBe(tokens.plain);
    expect(new Set([tokens.plain, tokens.a, tokens.b]).size).toBe(3);
    expect(tokens.outside).toBe('origin_not_allowed');
  });

  it('accounts() lists the account the site may use, userinfo takes it', async () => {
    const accounts = await page.evaluate(() => (window as unknown as Win).lk.accounts('dev'));
    expect(accounts).toHaveLength(1);
    const [account] = accounts as [AccountSummary];
    expect(account).toMatchObject({ provider: 'dev', current: true });
    expect(account.account).toBeTruthy();
    const claims = await page.evaluate(
      (account) => (window as unknown as Win).lk.userinfo('dev', { account }),
      account.account,
    );
    expect(claims.sub).toBe(account.account);
  });

  it('signOut({ endSession }) ends the provider session: the next sign-in shows the login form', async () => {
    const logoutWindow = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const signedOut = page.evaluate(() =>
      (window as unknown as Win).lk.signOut('dev', { endSession: true }),
    );
    await (await logoutWindow).locator('button[name="logout"]').click();
    await signedOut;
    expect(await page.evaluate(() => (window as unknown as Win).events)).toContain('signedOut:dev');
    expect(await page.evaluate(() => (window as unknown as Win).lk.accounts('dev'))).toEqual([]);

    const loginWindow = stack.browser.context.waitForEvent('page', {
      timeout: 15_000,
      predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    const again = page.evaluate(
      async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
    );
    const login = await loginWindow;
    await login.locator('input[name="login"]').waitFor({ timeout: 15_000 });
    await stack.login(login);
    expect(await again).toBeTruthy();
  });
});
