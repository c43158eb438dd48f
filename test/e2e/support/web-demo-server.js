import { build as esbuild } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
const root = fileURLToPath(new URL('../../../', import.meta.url));
let built;
/** Builds demo-spa with vite into a temp dir, once per test process (removed on exit). */
export function buildDemo() {
    built ??= (async () => {
        const outDir = await mkdtemp(join(tmpdir(), 'latchkey-demo-'));
        process.once('exit', () => void rm(outDir, { recursive: true, force: true }));
        await viteBuild({
            configFile: join(root, 'demo-spa/vite.config.ts'),
            build: { outDir, emptyOutDir: true },
            logLevel: 'warn',
        });
        return outDir;
    })();
    return built;
}
const harnesses = new Map();
/**
 * `@latchkey/web` from its sources as one script that sets `globalThis.Latchkey` (for page.evaluate):
 * the main entry, or `dpop` for `@latchkey/web/dpop`.
 */
export function buildHarnessScript(entry = 'index') {
    let script = harnesses.get(entry);
    if (!script) {
        script = esbuild({
            entryPoints: [join(root, `packages/web/src/${entry}.ts`)],
            bundle: true,
            format: 'iife',
            globalName: 'Latchkey',
            platform: 'browser',
            target: 'es2022',
            conditions: ['@latchkey/source'],
            write: false,
            logLevel: 'silent',
        }).then((r) => r.outputFiles[0].text);
        harnesses.set(entry, script);
    }
    return script;
}
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
};
/**
 * Serves the built demo on 127.0.0.1 (ephemeral port), with `/demo-config.json` from memory and
 * `/harness.html` (a blank page with `Latchkey` as a global) for library-level tests, and
 * `/harness-dpop.html` with `@latchkey/web/dpop` as that global.
 */
export async function serveDemo() {
    const [dir, script, dpopScript] = await Promise.all([
        buildDemo(),
        buildHarnessScript(),
        buildHarnessScript('dpop'),
    ]);
    let config = {};
    const send = (res, status, type, body) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    const handle = async (req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path === '/demo-config.json')
            return send(res, 200, TYPES['.json'], JSON.stringify(config));
        if (path === '/harness.js')
            return send(res, 200, TYPES['.js'], script);
        if (path === '/harness-dpop.js')
            return send(res, 200, TYPES['.js'], dpopScript);
        if (path === '/harness.html' || path === '/harness-dpop.html') {
            return send(res, 200, TYPES['.html'], `<!doctype html><title>harness</title><script src="${path.replace('.html', '.js')}"></script>`);
        }
        const file = normalize(join(dir, path === '/' ? 'index.html' : path));
        if (!file.startsWith(dir))
            return send(res, 403, 'text/plain', 'forbidden');
        try {
            return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
        }
        catch {
            // An SPA: unknown paths get the app.
            return send(res, 200, TYPES['.html'], await readFile(join(dir, 'index.html')));
        }
    };
    const server = createServer((req, res) => void handle(req, res));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${server.address().port}`;
    return {
        origin,
        redirectUri: `${origin}/`,
        setConfig: (c) => void (config = c),
        close: () => new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        }),
    };
}
