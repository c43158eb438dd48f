import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDevIdp } from '@latchkey/dev-idp';
import { serveTestPages } from '../../e2e/support/test-pages.js';
import { EXTENSION_UUID, findExtensionPage, hrefOf, installExtension, launchFirefox, sleep, } from './firefox.js';
export const SCOPES = ['openid', 'profile', 'offline_access'];
/** `identity.getRedirectURL()` in Firefox: `https://<sha1 hex of the add-on id>.extensions.allizom.org/`. */
export function allizomRedirectUri(geckoId) {
    return `https://${createHash('sha1').update(geckoId).digest('hex')}.extensions.allizom.org/`;
}
/** The add-on id of the Firefox build in `dir`. */
export function geckoIdOf(dir) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const id = manifest.browser_specific_settings?.gecko?.id;
    if (!id)
        throw new Error(`${dir}/manifest.json has no gecko id`);
    return id;
}
/** The dev IdP, the test pages and one Firefox; call `reinstall()` before each case. */
export async function startFirefoxStack(options) {
    const cleanups = [];
    const close = async () => {
        for (const fn of cleanups.reverse())
            await fn().catch(() => undefined);
    };
    try {
        const extensionDir = options.extensionDir;
        const geckoId = geckoIdOf(extensionDir);
        const pages = await serveTestPages();
        cleanups.push(() => pages.close());
        const idp = await startDevIdp({
            port: 0,
            redirectUris: [allizomRedirectUri(geckoId), `${pages.origin}/callback`],
            // The uuid is pinned for the first install only; a reinstall gets a random one.
            corsOrigins: ['moz-extension://*'],
            accessTokenTtl: options.accessTokenTtl ?? 300,
        });
        cleanups.push(() => idp.close());
        const browser = await launchFirefox({
            geckoId,
            ...(options.idleTimeoutMs !== undefined && { idleTimeoutMs: options.idleTimeoutMs }),
        });
        cleanups.push(() => browser.close());
        const idpOrigin = new URL(idp.issuer).origin;
        let installed;
        let optionsPage;
        const provider = {
            id: 'dev',
            name: 'Dev IdP',
            issuer: idp.issuer,
            clientId: idp.clientId,
            scopes: SCOPES,
            resourceOrigins: [new URL(idp.apiUrl).origin],
        };
        const internal = async (method, params = {}) => {
            if (!optionsPage)
                throw new Error('the extension is not installed');
            const reply = await optionsPage.evaluate(async (m, p) => {
                const runtime = globalThis.browser.runtime;
                return runtime.sendMessage({ channel: 'latchkey-internal', method: m, params: p });
            }, method, params);
            const r = reply;
            if (!r?.ok)
                throw new Error(`${method}: ${JSON.stringify(r?.error)}`);
            return r.result;
        };
        const bridge = (page, method, params = {}, timeoutMs = 60_000) => page.evaluate((m, p, t) => window.bridge(m, p, t), method, params, timeoutMs);
        const extensionPages = async () => {
            const found = [];
            for (const p of await browser.pages())
                if ((await hrefOf(p)).startsWith('moz-extension://'))
                    found.push(p);
            return found;
        };
        const stack = {
            browser,
            extensionDir,
            geckoId,
            idp,
            pages,
            provider,
            options: () => {
                if (!optionsPage)
                    throw new Error('the extension is not installed');
                return optionsPage;
            },
            reinstall: async () => {
                if (installed)
                    await browser.uninstallExtension(installed);
                // Pages of the previous install (and test pages) go: the next case starts from one tab.
                for (const p of (await browser.pages()).slice(1))
                    await p.close().catch(() => undefined);
                // No session at the IdP either (Firefox would sign in with it and open no window).
                const cookies = await browser.cookies();
                if (cookies.length)
                    await browser.deleteCookie(...cookies);
                installed = await installExtension(browser, extensionDir);
                if (installed !== geckoId)
                    throw new Error(`installed as ${installed}, not ${geckoId}`);
                optionsPage = await findExtensionPage(browser, '/src/options/index.html');
                idp.requests.reset();
            },
            internal,
            saveProvider: async (extra = {}) => {
                await internal('saveProvider', { config: { ...provider, ...extra } });
            },
            openPage: async (url = pages.pageUrl()) => {
                const page = await browser.newPage();
                await page.goto(url);
                // The bridge is a content script: ready when a hello comes back.
                for (let i = 0; i < 50; i++) {
                    const hello = await bridge(page, 'hello', {}, 300);
                    if (!('unreachable' in hello))
                        return page;
                }
                throw new Error(`the bridge did not answer on ${url}`);
            },
            bridge,
            nextConsent: async () => {
                const before = await extensionPages();
                return findExtensionPage(browser, '/src/consent/index.html', { exclude: before });
            },
            answerConsent: async (win, label) => {
                const end = Date.now() + 15_000;
                while (Date.now() < end) {
                    if (win.isClosed() || !(await hrefOf(win)))
                        return;
                    try {
                        const button = await win.evaluateHandle((text) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text && !b.disabled) ?? null, label);
                        const element = button.asElement();
                        if (element)
                            await element.click();
                    }
                    catch {
                        // closing
                    }
                    await sleep(200);
                }
                throw new Error(`the consent window did not close after ${label}`);
            },
            nextLoginWindow: async () => {
                const target = await browser.waitForTarget((t) => t.url().startsWith(idpOrigin), {
                    timeout: 15_000,
                });
                const page = await target.page();
                if (!page)
                    throw new Error('the login window is not a page');
                return page;
            },
            loginInNextWindow: async () => {
                const page = await stack.nextLoginWindow();
                await loginAtDevIdp(page, idpOrigin);
            },
            backgroundRunning: () => stack.options().evaluate(() => {
                const ext = globalThis.browser.extension;
                return ext
                    .getViews()
                    .some((w) => w.location.pathname.endsWith('_generated_background_page.html'));
            }),
            apiStatus: async (accessToken) => (await fetch(idp.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status,
            close,
        };
        return stack;
    }
    catch (error) {
        await close();
        throw error;
    }
}
/**
 * Signs in at the dev IdP (oidc-provider's devInteractions: any login, then consent) in `page` and
 * returns once the page left the IdP or closed.
 */
export async function loginAtDevIdp(page, idpOrigin, login = 'alice@example.com') {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
        if (page.isClosed())
            return;
        const href = await hrefOf(page);
        if (href && href !== 'about:blank' && !href.startsWith(idpOrigin))
            return;
        try {
            const step = await page.evaluate((name) => {
                const submit = document.querySelector('button[type="submit"]');
                if (!submit)
                    return 'wait';
                const field = document.querySelector('input[name="login"]');
                if (field) {
                    field.value = name;
                    const password = document.querySelector('input[name="password"]');
                    if (password)
                        password.value = 'any password';
                }
                return location.href;
            }, login);
            if (step !== 'wait') {
                await page.click('button[type="submit"]').catch(() => undefined);
                // On to the next step (consent), back to the redirect URI, or closed ('').
                for (let i = 0; i < 100 && (await hrefOf(page)) === step; i++)
                    await sleep(100);
                continue;
            }
        }
        catch {
            // navigating or closed
        }
        await sleep(100);
    }
    throw new Error('login at the dev IdP did not finish');
}
