import { build as esbuild } from 'esbuild';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let built: Promise<string> | undefined;

/** Builds demo-spa with vite into a temp dir, once per test process (removed on exit). */
export function buildDemo(): Promise<string> {
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

const harnesses = new Map<string, Promise<string>>();

/**
 * `@latchkey/web` from its sources as one script that sets `globalThis.Latchkey` (for page.evaluate):
 * the main entry, or `dpop` for `@latchkey/web/dpop`.
 */
export function buildHarnessScript(entry: 'index' | 'dpop' = 'index'): Promise<string> {
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
    }).then((r) => r.outputFiles[0]!.text);
    harnesses.set(entry, script);
  }
  return script;
}

const apps = new Map<string, Promise<string>>();
const APP_ENTRIES: Record<string, string> = {
  react: 'react.tsx',
  preact: 'preact.tsx',
  vue: 'vue.ts',
};

/**
 * A tiny app on one framework binding of `@latchkey/web` (test/e2e/binding-apps), bundled from the
 * sources with esbuild on first use.
 */
export function buildBindingApp(framework: string): Promise<string> | undefined {
  const entry = APP_ENTRIES[framework];
  if (!entry) return undefined;
  let script = apps.get(framework);
  if (!script) {
    script = esbuild({
      entryPoints: [join(root, 'test/e2e/binding-apps', entry)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@latchkey/source'],
      jsx: 'automatic',
      define: {
        'process.env.NODE_ENV': '"production"',
        __VUE_OPTIONS_API__: 'false',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
      write: false,
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text);
    apps.set(framework, script);
  }
  return script;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The redirect URI the demo registers: the origin's root. */
  redirectUri: string;
  /** What `/demo-config.json` answers. */
  setConfig(config: unknown): void;
  close(): Promise<void>;
}

/**
 * Serves the built demo on 127.0.0.1 (ephemeral port), with `/demo-config.json` from memory and
 * `/harness.html` (a blank page with `Latchkey` as a global) for library-level tests, and
 * `/harness-dpop.html` with `@latchkey/web/dpop` as that global, and `/apps/<react|preact|vue>.html`,
 * the binding apps.
 */
export async function serveDemo(): Promise<DemoServer> {
  const [dir, script, dpopScript] = await Promise.all([
    buildDemo(),
    buildHarnessScript(),
    buildHarnessScript('dpop'),
  ]);
  let config: unknown = {};
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) =>
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/demo-config.json')
      return send(res, 200, TYPES['.json']!, JSON.stringify(config));
    if (path === '/harness.js') return send(res, 200, TYPES['.js']!, script);
    if (path === '/harness-dpop.js') return send(res, 200, TYPES['.js']!, dpopScript);
    if (path === '/harness.html' || path === '/harness-dpop.html') {
      return send(
        res,
        200,
        TYPES['.html']!,
        `<!doctype html><title>harness</title><script src="${path.replace('.html', '.js')}"></script>`,
      );
    }
    const app = /^\/apps\/(\w+)\.(html|js)$/.exec(path);
    const appScript = app ? buildBindingApp(app[1]!) : undefined;
    if (app && appScript) {
      return app[2] === 'js'
        ? send(res, 200, TYPES['.js']!, await appScript)
        : send(
            res,
            200,
            TYPES['.html']!,
            `<!doctype html><title>${app[1]}</title><div id="app"></div><script type="module" src="/apps/${app[1]}.js"></script>`,
          );
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      return send(
        res,
        200,
        TYPES[extname(file)] ?? 'application/octet-stream',
        await readFile(file),
      );
    } catch {
      // An SPA: unknown paths get the app.
      return send(res, 200, TYPES['.html']!, await readFile(join(dir, 'index.html')));
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    redirectUri: `${origin}/`,
    setConfig: (c) => void (config = c),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
