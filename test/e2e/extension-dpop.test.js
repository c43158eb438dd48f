import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExtensionStack, tokenOf } from './support/extension-stack.js';
// A `dpop: true` provider in the broker: the session's key is made and kept in the service worker
// (IndexedDB, not extractable), the page gets a DPoP-bound token it cannot use on its own, and the
// broker's token-mediated fetch signs a proof for every request (RFC 9449 §7).
describe('extension: DPoP-bound tokens (RFC 9449)', () => {
    let stack;
    let page;
    let token;
    beforeAll(async () => {
        stack = await startExtensionStack();
        await stack.saveProvider({ dpop: true });
        page = await stack.open(stack.pages.pageUrl());
        const consent = stack.nextConsent();
        const reply = stack.direct(page, 'signIn', { provider: 'dev' });
        await (await consent).getByRole('button', { name: 'Allow' }).click();
        await stack.loginInNextWindow();
        const signedIn = await reply;
        token = tokenOf(signedIn);
        expect(signedIn).toMatchObject({ ok: true, result: { tokenType: 'DPoP' } });
    });
    afterAll(async () => {
        await stack?.close();
    });
    it('the token alone is refused by the API: it is bound to a key the page never sees', async () => {
        expect(await stack.apiStatus(token)).toBe(401);
    });
    it("the broker's fetch and userinfo sign proofs with the session's key", async () => {
        const reply = await stack.direct(page, 'fetch', { provider: 'dev', url: stack.idp.apiUrl });
        expect(reply).toMatchObject({ ok: true, result: { status: 200 } });
        expect(await stack.direct(page, 'userinfo', { provider: 'dev' })).toMatchObject({
            ok: true,
            result: { sub: expect.any(String) },
        });
    });
    it('the key survives a stopped worker: the next fetch still proves possession', async () => {
        await stack.browser.stopServiceWorker();
        const reply = await stack.direct(page, 'fetch', { provider: 'dev', url: stack.idp.apiUrl });
        expect(reply).toMatchObject({ ok: true, result: { status: 200 } });
    });
});
