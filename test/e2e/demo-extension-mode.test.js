import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExtensionForE2e } from './support/extension-build.js';
import { configureExtensionProvider, loginInBrokerWindow, setUpExtensionMode, } from './support/web-extension.js';
import { startWebStack } from './support/web-stack.js';
describe('demo SPA and @latchkey/web in extension mode', () => {
    let built;
    let stack;
    beforeAll(async () => {
        built = await buildExtensionForE2e();
        stack = await startWebStack({ extensionDir: built.dir });
        await configureExtensionProvider(stack);
    });
    afterAll(async () => {
        await stack?.close();
        await built?.remove();
    });
    it('the demo finds the extension, signs in through the broker, calls the API by token-mediated fetch, signs out', async () => {
        const page = await stack.openDemo('auto');
        expect(await page.getByTestId('mode').textContent()).toBe('extension mode');
        await page.getByTestId('sign-in').waitFor();
        const codeGrants = stack.idp.requests.count('token', 'authorization_code');
        const login = loginInBrokerWindow(stack);
        await page.getByTestId('sign-in').click();
        await login;
        await page.getByTestId('claims').waitFor();
        expect(stack.idp.requests.count('token', 'authorization_code')).toBe(codeGrants + 1);
        const sub = await page.locator('[data-claim="sub"]').textContent();
        expect(sub).toBeTruthy();
        await page.getByTestId('call-api').click();
        await page.getByTestId('api-result').filter({ hasText: 'HTTP' }).waitFor();
        const result = await page.getByTestId('api-result').textContent();
        expect(result).toContain('HTTP 200');
        expect(result).toContain(sub);
        // The page's own IndexedDB holds nothing: the tokens live in the extension.
        const pageDatabases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
        expect(pageDatabases).not.toContain('latchkey');
        await page.getByTestId('sign-out').click();
        await page.getByTestId('sign-in').waitFor();
        await page.close();
    });
    it('a token cached in one page is dropped when the broker pushes a sign-out made elsewhere', async () => {
        const a = await setUpExtensionMode(stack);
        const b = await stack.openHarness('extension');
        const token = await b.evaluate(async () => {
            const w = window;
            w.events = [];
            w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
            return w.lk.getToken('dev');
        });
        expect(token).toBe(await a.evaluate(() => window.lk.getToken('dev')));
        await a.evaluate(() => window.lk.signOut('dev'));
        await b.waitForFunction(() => window.events.includes('signedOut:dev'), undefined, {
            timeout: 5_000,
        });
        const code = await b.evaluate(() => window.lk.getToken('dev').then(() => 'token', (e) => e.code));
        expect(code).toBe('login_required');
        await a.close();
        await b.close();
    });
    it('errors arrive as LatchkeyError with the same codes as in page mode', async () => {
        const page = await stack.openHarness('extension');
        const outcome = await page.evaluate(async () => {
            const w = window;
            const err = await w.lk.getToken('dev').catch((e) => e);
            const unknown = await w.lk.getToken('nope').catch((e) => e);
            return [err, unknown].map((e) => [
                e instanceof w.Latchkey.LatchkeyError,
                e.code,
            ]);
        });
        expect(outcome[0]).toEqual([true, 'login_required']);
        expect(outcome[1][0]).toBe(true);
        await page.close();
    });
});
