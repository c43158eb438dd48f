import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, settled, startExtensionStack, tokenOf, } from './support/extension-stack.js';
const TTL = 5; // seconds: the access token expires within the test, so getToken must refresh
// The service worker stopped while a token request is on the wire: the dev IdP holds the request
// (tamper hook `hang`), so the stop lands between sending and answering, every run. The page's call
// must end, nothing half-done may be stored, and what was stored before must survive.
describe('extension: service worker stopped while a token request is in flight', () => {
    let stack;
    let page;
    beforeAll(async () => {
        stack = await startExtensionStack({ accessTokenTtl: TTL });
        page = await stack.open(stack.pages.pageUrl());
    });
    afterAll(async () => {
        await stack?.close();
    });
    it('between the code and the token exchange: the call ends, nothing is stored, a new sign-in works', async () => {
        stack.idp.setTamper((req) => req.endpoint === 'token' && req.grantType === 'authorization_code'
            ? { hang: true }
            : undefined);
        const consent = stack.nextConsent();
        const reply = stack.direct(page, 'signIn', { provider: 'dev' });
        await (await consent).getByRole('button', { name: 'Allow' }).click();
        await stack.loginInNextWindow();
        await expect
            .poll(() => stack.idp.requests.count('token', 'authorization_code'), { timeout: 15_000 })
            .toBe(1);
        await stack.browser.stopServiceWorker();
        const outcome = await settled(reply);
        expect(codeOf(outcome)).not.toBe('unreachable: hung');
        expect(codeOf(outcome)).not.toBe('ok');
        // The worker was woken by this call; no session was stored from the abandoned exchange.
        expect(codeOf(await stack.direct(page, 'getToken', { provider: 'dev' }))).toBe('login_required');
        stack.idp.setTamper(undefined);
        // prompt=login: the first login left a session at the IdP, which would skip the login page.
        const retry = stack.direct(page, 'signIn', { provider: 'dev', prompt: 'login' });
        await stack.loginInNextWindow();
        const token = tokenOf(await retry);
        expect(await stack.apiStatus(token)).toBe(200);
    });
    it('during a refresh: the call ends, the refresh token survives, the next call refreshes', async () => {
        const before = (await stack.direct(page, 'getToken', { provider: 'dev' }));
        await page.waitForTimeout(Math.max(0, before.result.expiresAt - Date.now()) + 500);
        const refreshes = stack.idp.requests.count('token', 'refresh_token');
        stack.idp.setTamper((req) => req.endpoint === 'token' && req.grantType === 'refresh_token' ? { hang: true } : undefined);
        const during = stack.direct(page, 'getToken', { provider: 'dev' });
        await expect
            .poll(() => stack.idp.requests.count('token', 'refresh_token'), { timeout: 15_000 })
            .toBe(refreshes + 1);
        await stack.browser.stopServiceWorker();
        expect(codeOf(await settled(during))).not.toBe('unreachable: hung');
        stack.idp.setTamper(undefined);
        const after = await stack.direct(page, 'getToken', { provider: 'dev' });
        expect(codeOf(after)).toBe('ok');
        expect(tokenOf(after)).not.toBe(before.result.accessToken);
        expect(await stack.apiStatus(tokenOf(after))).toBe(200);
        expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 2);
    });
});
