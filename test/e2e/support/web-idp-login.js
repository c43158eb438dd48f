/**
 * Signs in at the dev IdP (oidc-provider's devInteractions: any login and password, then consent) in
 * `page`, the popup or the tab that was sent there, and returns once it has left the IdP's `origin`
 * or closed.
 */
export async function loginAtDevIdp(page, idpOrigin, login = 'alice@example.com') {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
        if (page.isClosed())
            return;
        await page.waitForLoadState('domcontentloaded').catch(() => undefined);
        if (page.isClosed())
            return;
        if (!page.url().startsWith(idpOrigin) || page.url() === 'about:blank') {
            // Still about:blank (the popup before navigation) or already back at the app.
            if (page.url() === 'about:blank') {
                await page
                    .waitForURL((url) => url.href !== 'about:blank', { timeout: 10_000 })
                    .catch(() => undefined);
                continue;
            }
            return;
        }
        const submit = page.locator('button[type="submit"]').first();
        await submit.waitFor({ timeout: 10_000 }).catch(() => undefined);
        if (page.isClosed())
            return;
        const field = page.locator('input[name="login"]');
        if (await field.count().catch(() => 0)) {
            await field.fill(login);
            const password = page.locator('input[name="password"]');
            if (await password.count())
                await password.fill('any password');
        }
        const before = page.url();
        await submit.click({ timeout: 5_000 }).catch(() => undefined);
        await page.waitForURL((url) => url.href !== before, { timeout: 10_000 }).catch(() => undefined);
    }
    throw new Error(`Sign-in at the dev IdP did not finish (stuck at ${page.url()})`);
}
