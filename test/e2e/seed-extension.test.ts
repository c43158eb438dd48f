import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  codeOf,
  startExtensionStack,
  tokenOf,
  type ExtensionStack,
} from './support/extension-stack.js';
import {
  REVOKES_AT_SIGN_OUT,
  SEED_PLATFORMS,
  startSeedEmulations,
  type SeedPlatform,
} from './support/seed-emulations.js';
import { loginAtDevIdp } from './support/web-idp-login.js';

// Each seed platform's emulated server, configured in the extension as its documents say: a site
// signs in through the broker (consent, then launchWebAuthFlow at the platform's sign-in page), gets
// a token, has the broker call the platform's API with it, and signs out.
describe('extension: the seed platforms (emulated)', () => {
  let stack: ExtensionStack;
  let seeds: Awaited<ReturnType<typeof startSeedEmulations>>;
  let page: Page;

  beforeAll(async () => {
    stack = await startExtensionStack();
    seeds = await startSeedEmulations({
      redirectUris: [`https://${stack.extensionId}.chromiumapp.org/`],
      corsOrigins: [`chrome-extension://${stack.extensionId}`],
    });
    page = await stack.open(stack.pages.pageUrl());
  });
  afterAll(async () => {
    await seeds?.close();
    await stack?.close();
  });

  it.each(SEED_PLATFORMS)(
    '%s: sign in through the broker, call the API, sign out',
    async (name: SeedPlatform) => {
      const em = seeds[name];
      // The extension's own redirect URI (chromiumapp.org) replaces the emulation's default.
      const { redirectUri: _loopback, ...config } = em.providerConfig();
      await stack.internal('saveProvider', { config });

      const consent = stack.nextConsent();
      const login = stack.browser.context.waitForEvent('page', {
        timeout: 15_000,
        predicate: (p) => p.url().startsWith(em.origin),
      });
      const reply = stack.direct(page, 'signIn', { provider: name });
      await (await consent).getByRole('button', { name: 'Allow' }).click();
      await loginAtDevIdp(await login, em.origin, 'ana');
      const signedIn = await reply;
      expect(codeOf(signedIn)).toBe('ok');
      expect(em.isActive(tokenOf(signedIn))).toBe(true);
      expect(em.requests.count('token', 'authorization_code')).toBe(1);

      const getToken = async () =>
        tokenOf(await stack.direct(page, 'getToken', { provider: name }));
      let token = await getToken();
      if (name === 'bixby') {
        // A 5-second token: getToken hands out a refreshed one once the old one is due.
        const first = token;
        await expect.poll(getToken, { timeout: 15_000, interval: 500 }).not.toBe(first);
        expect(em.requests.count('token', 'refresh_token')).toBeGreaterThanOrEqual(1);
        token = await getToken();
      }
      expect(em.isActive(token)).toBe(true);

      const api = await stack.direct(page, 'fetch', { provider: name, url: em.apiUrl });
      expect(api).toMatchObject({ ok: true, result: { status: 200 } });

      // Roblox is configured with its endpoints and issuer: nothing is discovered.
      if (name === 'roblox') expect(em.requests.count('discovery')).toBe(0);
      expect(codeOf(await stack.direct(page, 'signOut', { provider: name }))).toBe('ok');
      expect(em.requests.count('revocation') > 0).toBe(REVOKES_AT_SIGN_OUT[name]);
      if (REVOKES_AT_SIGN_OUT[name]) expect(em.isActive(token)).toBe(false);
      expect(codeOf(await stack.direct(page, 'getToken', { provider: name }))).toBe(
        'login_required',
      );
    },
  );
});
