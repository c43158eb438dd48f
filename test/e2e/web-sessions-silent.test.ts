import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startDevIdp } from '@latchkey/dev-idp';
import type { TamperHook } from '@latchkey/dev-idp';
import { launchChromium } from './support/browser.js';
import type { LaunchedChromium } from './support/browser.js';
import { serveDemo } from './support/web-demo-server.js';
import type { DemoServer } from './support/web-demo-server.js';
import { loginAtDevIdp } from './support/web-idp-login.js';
import type { DevIdp } from './support/web-stack.js';

type Win = Window & {
  lk: import('../../packages/web/src/index.js').Latchkey;
  Latchkey: typeof import('../../packages/web/src/index.js');
};

/**
 * Silent re-authentication in page mode: OIDC `prompt=none` in a hidden frame, only where the dev
 * IdP (127.0.0.1) is same-site with the page — a page on 127.0.0.1 — and never from `localhost`.
 */
describe('@latchkey/web page mode: silent re-authentication', () => {
  let app: DemoServer;
  let idp: DevIdp;
  let browser: LaunchedChromium;
  let local: string;
  beforeAll(async () => {
    app = await serveDemo();
    local = app.origin.replace('127.0.0.1', 'localhost');
    idp = await startDevIdp({
      port: 0,
      redirectUris: [app.redirectUri, `${local}/harness.html`],
      corsOrigins: [app.origin, local],
      accessTokenTtl: 300,
      rotateRefreshTokens: true,
    });
    app.setConfig({ provider: providerFor(app.redirectUri), apiUrl: idp.apiUrl, mode: 'page' });
    browser = await launchChromium({});
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.close();
    await app?.close();
  });

  const providerFor = (redirectUri: string) => ({
    id: 'dev',
    issuer: idp.issuer,
    clientId: idp.clientId,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    redirectUri,
    resourceOrigins: [new URL(idp.apiUrl).origin],
    silentReauth: true,
  });

  /**
   * Tokens without a refresh token, due for a refresh a second after they were issued: the
   * session needs a new authorization (the id_token stays with it, for `id_token_hint`).
   */
  const noRefresh: TamperHook = (ctx) => {
    if (ctx.endpoint !== 'token' || ctx.grantType !== 'authorization_code') return undefined;
    return {
      rewriteJson: (json) => {
        const { refresh_token: _, ...rest } = json;
        return { ...rest, expires_in: 2 };
      },
    };
  };

  /** A harness page on `origin` with `lk` in page mode, signed in by a redirect sign-in. */
  async function signedInPage(origin: string, redirectUri: string): Promise<Page> {
    const page = await browser.context.newPage();
    const provider = providerFor(redirectUri);
    const create = (p: typeof provider) =>
      page.evaluate(async (p) => {
        const w = window as unknown as Win;
        w.lk = await w.Latchkey.createLatchkey({ providers: [p], mode: 'page' });
      }, p);
    await page.goto(`${origin}/harness.html`);
    await create(provider);
    void page
      .evaluate(() => (window as unknown as Win).lk.signIn('dev', { redirect: true }))
      .catch(() => undefined); // the page leaves
    await page.waitForURL((url) => url.origin === idp.origin);
    await loginAtDevIdp(page, idp.origin);
    // Back at the redirect URI: the demo (127.0.0.1) completes by itself; the harness is told to.
    if (redirectUri.endsWith('/harness.html')) {
      await page.waitForURL((url) => url.href.startsWith(redirectUri));
      await page.waitForLoadState('domcontentloaded');
      await create(provider);
      await page.evaluate(() => (window as unknown as Win).lk.handleRedirectCallback());
    } else {
      await page.getByTestId('mode').waitFor();
      await page.goto(`${origin}/harness.html`);
      await create(provider);
    }
    expect(await tokenOutcome(page)).toMatch(/^token:/);
    return page;
  }

  const tokenOutcome = (page: Page): Promise<string> =>
    page.evaluate(() =>
      (window as unknown as Win).lk.getToken('dev').then(
        (t) => `token:${t}`,
        (e: { code?: string }) => `error:${e.code}`,
      ),
    );

  /** Waits until the stored token is due for a refresh (issued with `expires_in: 2`). */
  const untilDue = (page: Page) => page.waitForTimeout(1_200);

  it('same-site: an expired session without a refresh token is renewed by prompt=none in a hidden frame, which is removed', async () => {
    idp.setTamper(noRefresh);
    try {
      const page = await signedInPage(app.origin, app.redirectUri);
      const first = await tokenOutcome(page);
      const silent = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
      await untilDue(page);
      const outcome = await tokenOutcome(page);
      expect(outcome).toMatch(/^token:/);
      expect(outcome).not.toBe(first);
      const auth = new URL((await silent).url());
      expect(auth.searchParams.get('prompt')).toBe('none');
      expect(auth.searchParams.get('id_token_hint')).toBeTruthy();
      expect((await silent).frame() === page.mainFrame()).toBe(false);
      expect(await page.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);

      // The provider's session gone too: the frame answers login_required, and is removed.
      await browser.context.clearCookies();
      await untilDue(page);
      expect(await tokenOutcome(page)).toBe('error:login_required');
      expect(await page.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
      await page.close();
    } finally {
      idp.setTamper(undefined);
    }
  });

  it('cross-site (a page on localhost): login_required at once, no frame, no authorization request', async () => {
    idp.setTamper(noRefresh);
    try {
      const page = await signedInPage(local, `${local}/harness.html`);
      await untilDue(page);
      const before = idp.requests.count('authorization');
      const frames: string[] = [];
      page.on('frameattached', (f) => frames.push(f.url()));
      expect(await tokenOutcome(page)).toBe('error:login_required');
      expect(idp.requests.count('authorization')).toBe(before);
      expect(frames).toEqual([]);
      await page.close();
    } finally {
      idp.setTamper(undefined);
    }
  });
});
