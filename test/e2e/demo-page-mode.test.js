import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebStack } from './support/web-stack.js';
describe('demo SPA in page mode (no extension)', () => {
    let stack;
    beforeAll(async () => {
        stack = await startWebStack();
    });
    afterAll(() => stack?.close());
    it('signs in with a popup, shows the claims, calls the protected API, signs out', async () => {
        const page = await stack.openDemo('page');
        expect(await page.getByTestId('mode').textContent()).toBe('page mode');
        const codeGrants = stack.idp.requests.count('token', 'authorization_code');
        const [popup] = await Promise.all([
            page.waitForEvent('popup'),
            page.getByTestId('sign-in').click(),
        ]);
        await stack.login(popup);
        await popup.waitForEvent('close', { timeout: 10_000 }).catch(() => undefined);
        expect(popup.isClosed()).toBe(true);
        await page.getByTestId('claims').waitFor();
        const sub = await page.locator('[data-claim="sub"]').textContent();
        expect(sub).toBeTruthy();
        expect(stack.idp.requests.count('token', 'authorization_code')).toBe(codeGrants + 1);
        expect(Number(await page
            .getByTestId('expires-in')
            .textContent()
            .then((t) => t?.split(' ')[0]))).toBeGreaterThan(0);
        await page.getByTestId('call-api').click();
        await page.getByTestId('api-result').filter({ hasText: 'HTTP' }).waitFor();
        const result = await page.getByTestId('api-result').textContent();
        expect(result).toContain('HTTP 200');
        expect(result).toContain(sub);
        await page.getByTestId('sign-out').click();
        await page.getByTestId('sign-in').waitFor();
        await page.reload();
        await page.getByTestId('sign-in').waitFor();
        await page.close();
    });
    it('signs in by full-page redirect, returns to the same path and cleans the callback from the URL', async () => {
        const page = await stack.openDemo('page');
        await page.getByTestId('sign-in-redirect').click();
        await page.waitForURL((url) => url.href.startsWith(new URL(stack.idp.issuer).origin));
        await stack.login(page);
        await page.getByTestId('claims').waitFor();
        const url = new URL(page.url());
        expect(url.origin).toBe(stack.app.origin);
        expect(url.pathname + url.search).toBe('/?mode=page');
        // Going back must not replay the authorization response.
        const entries = await page.evaluate(() => location.href);
        expect(entries).not.toMatch(/[?&](code|state|iss)=/);
        await page.getByTestId('sign-out').click();
        await page.getByTestId('sign-in').waitFor();
        await page.close();
    });
});
describe('demo SPA with short-lived access tokens', () => {
    let stack;
    // 35 s tokens: the demo asks for a fresh one 30 s before expiry, i.e. about 5 s after sign-in.
    beforeAll(async () => {
        stack = await startWebStack({ accessTokenTtl: 35 });
    });
    afterAll(() => stack?.close());
    it('counts the expiry down and shows a refresh happening', async () => {
        const page = await stack.openDemo('page');
        const [popup] = await Promise.all([
            page.waitForEvent('popup'),
            page.getByTestId('sign-in').click(),
        ]);
        await stack.login(popup);
        await page.getByTestId('claims').waitFor();
        const seconds = async () => Number((await page.getByTestId('expires-in').textContent())?.split(' ')[0]);
        const first = await seconds();
        expect(first).toBeGreaterThan(30);
        await page.waitForTimeout(1500);
        expect(await seconds()).toBeLessThan(first);
        expect(await page.getByTestId('refreshes').textContent()).toBe('0');
        const refreshes = stack.idp.requests.count('token', 'refresh_token');
        await page.getByTestId('refreshes').filter({ hasText: '1' }).waitFor({ timeout: 20_000 });
        expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
        expect(await seconds()).toBeGreaterThan(30);
        await expect(page.getByTestId('log').textContent()).resolves.toContain('access token refreshed');
        await page.close();
    });
});
