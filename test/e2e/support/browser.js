import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
/** The built, unpacked extension (`npm run build -w @latchkey/extension`). */
export const EXTENSION_DIR = fileURLToPath(new URL('../../../extension/dist', import.meta.url));
/** Debian's Chromium unless `CHROME_PATH` says otherwise; never a downloaded browser. */
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** Flags known to work here for headless MV3 extensions; only loopback resolves. */
export function chromiumArgs(extensionDir) {
    const args = [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
    ];
    if (extensionDir) {
        args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
    }
    return args;
}
/**
 * Launches Chromium with a fresh temporary profile, optionally with an unpacked extension loaded,
 * and waits for the extension's service worker.
 */
export async function launchChromium(options = {}) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'latchkey-chromium-'));
    let context;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: CHROME_PATH,
            headless: true,
            ignoreDefaultArgs: ['--disable-extensions'],
            args: chromiumArgs(options.extensionDir),
        });
    }
    catch (error) {
        await rm(userDataDir, { recursive: true, force: true });
        throw error;
    }
    const close = async () => {
        await context.close().catch(() => undefined);
        await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    };
    const stopServiceWorker = async () => {
        // A browser-level CDP session would need `Target.attachToTarget`; a page session serves
        // `ServiceWorker.*` for the whole profile.
        const page = context.pages()[0] ?? (await context.newPage());
        const cdp = await context.newCDPSession(page);
        try {
            await cdp.send('ServiceWorker.enable');
            await cdp.send('ServiceWorker.stopAllWorkers');
        }
        finally {
            await cdp.detach().catch(() => undefined);
        }
    };
    const launched = { context, stopServiceWorker, close };
    if (options.extensionDir) {
        try {
            const timeout = options.timeoutMs ?? 15_000;
            const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
                (await context.waitForEvent('serviceworker', {
                    timeout,
                    predicate: (w) => w.url().startsWith('chrome-extension://'),
                }));
            launched.serviceWorker = worker;
            launched.extensionId = new URL(worker.url()).host;
        }
        catch (error) {
            await close();
            throw error;
        }
    }
    return launched;
}
/**
 * The extension id Chrome derives from a manifest `key`: the first 128 bits of the SHA-256 of the
 * DER public key, written in hex with the digits 0–f mapped to a–p.
 * @see https://developer.chrome.com/docs/extensions/reference/manifest/key
 */
export function extensionIdFromKey(pubKeyBase64) {
    const der = Buffer.from(pubKeyBase64, 'base64');
    const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
    return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}
