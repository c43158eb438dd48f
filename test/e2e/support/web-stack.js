import { startDevIdp } from '@latchkey/dev-idp';
import { launchChromium } from './browser.js';
import { serveDemo } from './web-demo-server.js';
import { extensionIdOf } from './web-extension.js';
import { loginAtDevIdp } from './web-idp-login.js';
/** The demo on 127.0.0.1:0, the dev IdP on 127.0.0.1:0 registered for it, and Chromium. */
export async function startWebStack(options = {}) {
    const app = await serveDemo();
    // With the extension, its fixed id gives the redirect URI of chrome.identity and its origin (CORS).
    const extensionId = options.extensionDir ? extensionIdOf(options.extensionDir) : undefined;
    const idp = await startDevIdp({
        port: 0,
        redirectUris: [
            app.redirectUri,
            ...(extensionId ? [`https://${extensionId}.chromiumapp.org/`] : []),
        ],
        corsOrigins: [
            app.origin,
            ...(extensionId ? [`chrome-extension://${extensionId}`] : []),
            ...(options.extraCorsOrigins ?? []),
        ],
        accessTokenTtl: options.accessTokenTtl ?? 300,
        rotateRefreshTokens: true,
    });
    const provider = {
        id: 'dev',
        issuer: idp.issuer,
        clientId: idp.clientId,
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        redirectUri: app.redirectUri,
        resourceOrigins: [new URL(idp.apiUrl).origin],
    };
    app.setConfig({
        provider,
        apiUrl: idp.apiUrl,
        mode: 'page',
        ...(extensionId ? { extensionId } : {}),
    });
    let browser;
    try {
        browser = await launchChromium(options.extensionDir ? { extensionDir: options.extensionDir } : {});
    }
    catch (err) {
        await idp.close();
        await app.close();
        throw err;
    }
    const idpOrigin = new URL(idp.issuer).origin;
    return {
        app,
        idp,
        provider,
        browser,
        async openDemo(mode = 'page') {
            const page = await browser.context.newPage();
            await page.goto(`${app.origin}/?mode=${mode}`);
            await page.getByTestId('mode').waitFor();
            return page;
        },
        async openHarness(mode = 'page', { dpop = false } = {}) {
            const page = await browser.context.newPage();
            // `@latchkey/web/dpop` and a `dpop: true` provider, or the main entry.
            await page.goto(`${app.origin}/${dpop ? 'harness-dpop' : 'harness'}.html`);
            await page.evaluate(async ({ provider, mode, extensionId }) => {
                const w = window;
                w.lk = await w.Latchkey.createLatchkey({
                    providers: [provider],
                    mode,
                    ...(extensionId ? { extensionId } : {}),
                });
            }, { provider: dpop ? { ...provider, dpop: true } : provider, mode, extensionId });
            return page;
        },
        login: (page) => loginAtDevIdp(page, idpOrigin),
        async close() {
            await browser.close();
            await idp.close();
            await app.close();
        },
    };
}
/**
 * Adds a button to the harness page whose click calls `lk.signIn(provider, options)` (a real user
 * gesture, so the popup may open), clicks it, and returns the popup and the settled result
 * (`token:<access token>` or `error:<code>`) as a promise.
 */
export async function clickSignIn(page, options = {}) {
    await page.evaluate((options) => {
        const w = window;
        document.getElementById('sign-in')?.remove();
        const button = document.createElement('button');
        button.id = 'sign-in';
        button.textContent = 'sign in';
        button.onclick = () => {
            w.signInResult = w.lk.signIn('dev', options).then((t) => `token:${t.accessToken}`, (e) => `error:${e.code}`);
        };
        document.body.append(button);
    }, options);
    const popupEvent = page.waitForEvent('popup', { timeout: 3_000 }).catch(() => undefined);
    await page.click('#sign-in');
    const popup = await popupEvent;
    return { popup, result: () => page.evaluate(() => window.signInResult) };
}
/** Signs in on the harness page through the popup and the dev IdP; fails unless a token came back. */
export async function signInByClick(stack, page) {
    const { popup, result } = await clickSignIn(page);
    if (!popup)
        throw new Error('no sign-in popup opened');
    await stack.login(popup);
    const outcome = await result();
    if (!outcome.startsWith('token:'))
        throw new Error(`sign-in failed: ${outcome}`);
}
