import { startRobloxEmulation, type RobloxEmulation } from '@latchkey/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loginAtDevIdp } from './support/web-idp-login.js';
import { startWebStack, type WebStack } from './support/web-stack.js';

// The demo with a second provider to pick (as `npm start` offers the Roblox emulation): each
// provider has its own session, and the picked one is the one signed in with and called.
describe('demo SPA: picking the second provider (Roblox, emulated)', () => {
  let stack: WebStack;
  let roblox: RobloxEmulation;

  beforeAll(async () => {
    stack = await startWebStack();
    roblox = await startRobloxEmulation({ redirectUris: [stack.app.redirectUri] });
    stack.app.setConfig({
      provider: stack.provider,
      apiUrl: stack.idp.apiUrl,
      mode: 'page',
      second: {
        provider: roblox.providerConfig({ redirectUri: stack.app.redirectUri }),
        apiUrl: roblox.apiUrl,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await roblox?.close();
  });

  it('signs in with the picked provider, calls its API, keeps the other signed out', async () => {
    const page = await stack.openDemo('page');
    const picker = page.getByTestId('provider-picker');
    expect(await picker.inputValue()).toBe('dev');
    await picker.selectOption('roblox');
    expect(new URL(page.url()).searchParams.get('provider')).toBe('roblox');

    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByTestId('sign-in').click(),
    ]);
    await loginAtDevIdp(popup, roblox.origin, 'ana');
    await page.getByTestId('claims').waitFor();
    expect(await page.locator('[data-claim="preferred_username"]').textContent()).toBe('ana');
    const sub = await page.locator('[data-claim="sub"]').textContent();
    expect(sub).toMatch(/^\d+$/);
    expect(roblox.requests.count('token', 'authorization_code')).toBe(1);
    expect(stack.idp.requests.count('token')).toBe(0);

    await page.getByTestId('call-api').click();
    await page.getByTestId('api-result').filter({ hasText: 'HTTP' }).waitFor();
    // The answer is shown pretty-printed.
    expect(await page.getByTestId('api-result').textContent()).toContain(`"sub": "${sub}"`);

    // The dev IdP's session is another one: signed out.
    await picker.selectOption('dev');
    await page.getByTestId('sign-in').waitFor();
    // Back to Roblox after a reload (the pick is in the URL): still signed in.
    await picker.selectOption('roblox');
    await page.reload();
    await page.getByTestId('claims').waitFor();

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    expect(roblox.requests.count('revocation')).toBeGreaterThan(0);
    await page.close();
  });
});
