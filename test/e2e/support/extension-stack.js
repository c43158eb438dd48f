import { startDevIdp } from '@latchkey/dev-idp';
import { launchChromium } from './browser.js';
import { buildExtensionForE2e } from './extension-build.js';
import { serveTestPages } from './test-pages.js';
import { extensionIdOf } from './web-extension.js';
import { loginAtDevIdp } from './web-idp-login.js';
export const SCOPES = ['openid', 'profile', 'offline_access'];
/** Builds the extension, starts the dev IdP and two page servers on 127.0.0.1:0, launches Chromium. */
export async function startExtensionStack(options = {}) {
    const cleanups = [];
    // The broker logs every promise rejection nobody handled (`unhandled_rejection`): none may remain.
    let unhandledRejections;
    const close = async () => {
        const unhandled = (await unhandledRejections?.().catch(() => [])) ?? [];
        for (const fn of cleanups.reverse())
            await fn().catch(() => undefined);
        if (unhandled.length) {
            throw new Error(`the broker left promise rejections unhandled: ${JSON.stringify(unhandled)}`);
        }
    };
    try {
        const built = await buildExtensionForE2e();
        cleanups.push(built.remove);
        const extensionId = extensionIdOf(built.dir);
        if (!extensionId)
            throw new Error('the built manifest has no key');
        const pages = await serveTestPages();
        cleanups.push(() => pages.close());
        // The chromiumapp.org redirect (launchWebAuthFlow) and a loopback one (popup-window flow).
        const idp = await startDevIdp({
            port: 0,
            redirectUris: [`https://${extensionId}.chromiumapp.org/`, `${pages.origin}/callback`],
            corsOrigins: [`chrome-extension://${extensionId}`],
            accessTokenTtl: options.accessTokenTtl ?? 300,
        });
        cleanups.push(() => idp.close());
        const otherPages = await serveTestPages();
        cleanups.push(() => otherPages.close());
        const browser = await launchChromium({ extensionDir: built.dir });
        cleanups.push(() => browser.close());
        const { context } = browser;
        let extPage;
        const internal = async (method, params) => {
            if (!extPage || extPage.isClosed()) {
                extPage = await context.newPage();
                await extPage.goto(`chrome-extension://${extensionId}/src/options/index.html`);
            }
            return extPage.evaluate(async ({ method, params }) => {
                const runtime = globalThis.chrome.runtime;
                const reply = (await runtime.sendMessage({
                    channel: 'latchkey-internal',
                    method,
                    params,
                }));
                if (!reply?.ok)
                    throw new Error(`${method}: ${JSON.stringify(reply?.error)}`);
                return reply.result;
            }, { method, params });
        };
        unhandledRejections = async () => (await internal('readLog', { limit: 1000 })).filter((r) => r.type === 'unhandled_rejection');
        const provider = {
            id: 'dev',
            name: 'Dev IdP',
            issuer: idp.issuer,
            clientId: idp.clientId,
            scopes: SCOPES,
            resourceOrigins: [new URL(idp.apiUrl).origin],
        };
        const stack = {
            browser,
            extensionId,
            extensionDir: built.dir,
            idp,
            pages,
            otherPages,
            provider,
            internal,
            saveProvider: async (extra = {}) => {
                await internal('saveProvider', { config: { ...provider, ...extra } });
            },
            open: async (url) => {
                const page = await context.newPage();
                await page.goto(url);
                return page;
            },
            direct: (page, method, params = {}) => page.evaluate(([id, m, p]) => window.direct(id, m, p), [extensionId, method, params]),
            bridge: (page, method, params = {}) => page.evaluate(([m, p]) => window.bridge(m, p), [method, params]),
            nextConsent: () => context.waitForEvent('page', {
                timeout: 15_000,
                predicate: (p) => p.url().includes('/src/consent/index.html'),
            }),
            loginInNextWindow: async () => {
                const page = await context.waitForEvent('page', {
                    timeout: 15_000,
                    predicate: (p) => p.url().startsWith(new URL(idp.issuer).origin),
                });
                await loginAtDevIdp(page, new URL(idp.issuer).origin);
            },
            apiStatus: async (accessToken) => (await fetch(idp.apiUrl, { headers: { authorization: `Bearer ${accessToken}` } })).status,
            close,
        };
        await stack.saveProvider();
        return stack;
    }
    catch (error) {
        await close();
        throw error;
    }
}
/** The error code of a reply, or 'ok'. */
export function codeOf(reply) {
    if ('unreachable' in reply)
        return `unreachable: ${reply.unreachable}`;
    return reply.ok ? 'ok' : reply.error.code;
}
/** The access token of a successful reply. */
export function tokenOf(reply) {
    if ('unreachable' in reply || !reply.ok || typeof reply.result.accessToken !== 'string') {
        throw new Error(`no token in ${JSON.stringify(reply)}`);
    }
    return reply.result.accessToken;
}
/** The reply, or `unreachable: hung` when it does not come within `ms` (the call must end). */
export function settled(reply, ms = 20_000) {
    return Promise.race([
        reply,
        new Promise((r) => setTimeout(() => r({ unreachable: 'hung' }), ms)),
    ]);
}
