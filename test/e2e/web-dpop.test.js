import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInByClick, startWebStack } from './support/web-stack.js';
// `@latchkey/web/dpop` in page mode: the session's key is made and kept in this origin's IndexedDB
// (not extractable), the tokens are DPoP-bound at the dev IdP, and latchkey.fetch signs a proof per
// request (RFC 9449 §7), which the demo API checks.
describe('@latchkey/web/dpop: DPoP-bound tokens in page mode', () => {
    let stack;
    beforeAll(async () => {
        stack = await startWebStack();
    });
    afterAll(() => stack?.close());
    it('signs in to DPoP-bound tokens; fetch and userinfo carry proofs; the bare token is refused', async () => {
        const page = await stack.openHarness('page', { dpop: true });
        await signInByClick(stack, page);
        const info = await page.evaluate(() => window.lk.getTokenInfo('dev'));
        expect(info.tokenType).toBe('DPoP');
        const apiUrl = stack.idp.apiUrl;
        const status = await page.evaluate(async (url) => (await window.lk.fetch('dev', url)).status, apiUrl);
        expect(status).toBe(200);
        const claims = await page.evaluate(() => window.lk.userinfo('dev'));
        expect(claims).toHaveProperty('sub');
        // Without the key (a stolen token), the API refuses it.
        const stolen = await fetch(apiUrl, {
            headers: { authorization: `Bearer ${info.accessToken}` },
        });
        expect(stolen.status).toBe(401);
        await page.close();
    });
    it('the main entry refuses a dpop provider in page mode, naming the entry to use', async () => {
        const page = await stack.openHarness('page');
        const code = await page.evaluate(async (provider) => {
            const w = window;
            return w.Latchkey.createLatchkey({
                providers: [{ ...provider, dpop: true }],
                mode: 'page',
            }).then(() => 'created', (e) => `${e.code}: ${e.message}`);
        }, stack.provider);
        expect(code).toMatch(/^config_invalid: .*'@latchkey\/web\/dpop'/);
        await page.close();
    });
});
