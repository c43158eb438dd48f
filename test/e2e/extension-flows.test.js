import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAtDevIdp } from './support/web-idp-login.js';
import { startExtensionStack } from './support/extension-stack.js';
const errorCode = (e) => /"code":"([a-z_]+)"/.exec(String(e))?.[1] ?? String(e);
// The broker's two ways to show a login page: launchWebAuthFlow (chromiumapp.org redirect) and a
// popup window whose loopback redirect is caught through webNavigation. Closing either → user_cancelled.
describe('extension: login windows', () => {
    let stack;
    const idpOrigin = () => new URL(stack.idp.issuer).origin;
    const loginWindow = () => stack.browser.context.waitForEvent('page', {
        timeout: 15_000,
        predicate: (p) => p.url().startsWith(idpOrigin()),
    });
    beforeAll(async () => {
        stack = await startExtensionStack();
    });
    afterAll(async () => {
        await stack?.close();
    });
    it('closing the launchWebAuthFlow window rejects with user_cancelled', async () => {
        const win = loginWindow();
        const signIn = stack.internal('signIn', { provider: 'dev' }).then(() => 'ok', (e) => errorCode(e));
        const page = await win;
        await page.waitForLoadState('domcontentloaded');
        await page.close();
        expect(await signIn).toBe('user_cancelled');
    });
    it('a provider with a loopback redirect URI signs in through a popup window', async () => {
        const redirectUri = `${stack.pages.origin}/callback`;
        await stack.saveProvider({ redirectUri });
        try {
            const views = (await stack.internal('listProviders', {}));
            expect(views[0]?.redirectUri).toBe(redirectUri);
            // Closing the window rejects with user_cancelled (before any session exists at the IdP).
            const win2 = loginWindow();
            const again = stack.internal('signIn', { provider: 'dev' }).then(() => 'ok', (e) => errorCode(e));
            const page2 = await win2;
            await page2.waitForLoadState('domcontentloaded');
            await page2.close();
            expect(await again).toBe('user_cancelled');
            // Then a sign-in: the redirect is caught and the code exchanged.
            const win = loginWindow();
            const signIn = stack.internal('signIn', { provider: 'dev' });
            const page = await win;
            await loginAtDevIdp(page, idpOrigin());
            const account = (await signIn);
            expect(account.signedIn).toBe(true);
            // The redirect was caught: the window is gone, the code exchanged once.
            await expect.poll(() => page.isClosed()).toBe(true);
            expect(stack.idp.requests.count('token', 'authorization_code')).toBe(1);
            const details = (await stack.internal('tokenDetails', { provider: 'dev' }));
            expect(await stack.apiStatus(details.accessToken)).toBe(200);
        }
        finally {
            await stack.saveProvider();
        }
    });
});
