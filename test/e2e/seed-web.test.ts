import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium, type LaunchedChromium } from './support/browser.js';
import {
  REVOKES_AT_SIGN_OUT,
  SEED_PLATFORMS,
  startSeedEmulations,
  type SeedPlatform,
} from './support/seed-emulations.js';
import { serveDemo, type DemoServer } from './support/web-demo-server.js';
import { loginAtDevIdp } from './support/web-idp-login.js';

type Win = Window & {
  lk: import('../../packages/web/src/index.js').Latchkey;
  signInResult?: Promise<string>;
};

// Each seed platform's emulated server through @latchkey/web in page mode: a popup sign-in at the
// platform's page, the token in the page, `fetch` to the platform's API, sign-out.
describe('@latchkey/web page mode: the seed platforms (emulated)', () => {
  let app: DemoServer;
  let seeds: Awaited<ReturnType<typeof startSeedEmulations>>;
  let browser: LaunchedChromium;
  let page: Page | undefined;

  beforeAll(async () => {
    app = await serveDemo();
    seeds = await startSeedEmulations({ redirectUris: [app.redirectUri] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await seeds?.close();
    await app?.close();
  });

  it.each(SEED_PLATFORMS)(
    '%s: popup sign-in, token, API call, sign-out',
    async (name: SeedPlatform) => {
      const em = seeds[name];
      const provider = em.providerConfig({ redirectUri: app.redirectUri });
      // The popup lands on the demo at the redirect URI, which hands the callback to its opener.
      app.setConfig({ provider, apiUrl: em.apiUrl, mode: 'page' });
      await page?.close();
      page = await browser.context.newPage();
      await page.goto(`${app.origin}/harness.html`);
      await page.evaluate(async (provider) => {
        const w = window as unknown as Win & {
          Latchkey: { createLatchkey: (o: unknown) => Promise<Win['lk']> };
        };
        w.lk = await w.Latchkey.createLatchkey({ providers: [provider], mode: 'page' });
        const button = document.createElement('button');
        button.id = 'sign-in';
        button.textContent = 'sign in';
        button.onclick = () => {
          w.signInResult = w.lk.signIn(provider.id).then(
            (t) => `token:${t.accessToken}`,
            (e: { code?: string }) => `error:${e.code}`,
          );
        };
        document.body.append(button);
      }, provider);

      const popup = page.waitForEvent('popup', { timeout: 5_000 });
      await page.click('#sign-in');
      await loginAtDevIdp(await popup, em.origin, 'ana');
      const outcome = await page.evaluate(() => (window as unknown as Win).signInResult!);
      expect(outcome).toMatch(/^token:/);
      expect(em.isActive(outcome.slice('token:'.length))).toBe(true);

      const getToken = () =>
        page!.evaluate((id) => (window as unknown as Win).lk.getToken(id), name);
      let token = await getToken();
      if (name === 'bixby') {
        // A 5-second token: getToken hands out a refreshed one once the old one is due.
        const first = token;
        await expect.poll(getToken, { timeout: 15_000, interval: 500 }).not.toBe(first);
        expect(em.requests.count('token', 'refresh_token')).toBeGreaterThanOrEqual(1);
        token = await getToken();
      }
      expect(em.isActive(token)).toBe(true);

      const api = await page.evaluate(
        async ([id, url]) => {
          const response = await (window as unknown as Win).lk.fetch(id, url);
          return { status: response.status, body: await response.text() };
        },
        [name, em.apiUrl] as const,
      );
      expect(api.status).toBe(200);
      expect(api.body).toContain('ana');

      // Roblox is configured with its endpoints and issuer: nothing is discovered.
      if (name === 'roblox') expect(em.requests.count('discovery')).toBe(0);
      await page.evaluate((id) => (window as unknown as Win).lk.signOut(id), name);
      expect(em.requests.count('revocation') > 0).toBe(REVOKES_AT_SIGN_OUT[name]);
      if (REVOKES_AT_SIGN_OUT[name]) expect(em.isActive(token)).toBe(false);
      const after = await page.evaluate(
        (id) =>
          (window as unknown as Win).lk.getToken(id).then(
            () => 'ok',
            (e: { code?: string }) => String(e.code),
          ),
        name,
      );
      expect(after).toBe('login_required');
    },
  );
});
