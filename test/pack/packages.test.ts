import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What an npm user gets: `npm run pack` builds and packs @latchkey/core and @latchkey/web, the
 * tarballs are installed (offline) into a scratch app in a temp dir, and that app imports every
 * entry in Node, bundles them with Vite and type-checks the READMEs' TypeScript snippets against
 * the shipped declarations. Nothing here reads the workspace's sources through the packages.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const PUBLISHED = ['@latchkey/core', '@latchkey/web'];
/**
 * The frameworks of @latchkey/web's bindings (optional peers, so npm installs none of them): the
 * scratch app gets the workspace's copies, as an app that uses a binding has its framework.
 */
const PEERS = ['react', 'react-dom', '@types/react', '@types/react-dom', 'preact', 'vue'];
/** The docs whose ```ts blocks must compile against the published packages. */
const SNIPPET_DOCS = ['README.md', 'packages/core/README.md', 'packages/web/README.md'];
/**
 * Placeholders the README snippets use for the app's own code. A snippet that needs another one
 * fails with "Cannot find name"; add it here rather than weakening the check.
 */
const SNIPPET_GLOBALS = `
declare const signInButton: HTMLButtonElement;
declare function showSignIn(): void;
declare const callbackUrl: string;
declare const client: import('@latchkey/core').LatchkeyClient;
declare const issuer: string;
declare const clientId: string;
declare const redirectUri: string;
declare const api: string;
`;

/** Child processes get no `npm_*` settings from an enclosing `npm run` (workspace, prefix, …). */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(command: string, args: string[], cwd: string, timeout = 120_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Every path an `exports` map names, under any condition. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

interface Manifest {
  name: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

let tmp: string;
let app: string;
let tarballs: string[];
const installed = (name: string) => join(app, 'node_modules', name);
const manifestOf = async (dir: string): Promise<Manifest> =>
  JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
/** `@latchkey/web/dpop` and the like, for every entry of every published package. */
const entryPoints = async (): Promise<string[]> => {
  const entries: string[] = [];
  for (const name of PUBLISHED) {
    const { exports } = await manifestOf(installed(name));
    for (const key of Object.keys(exports)) {
      if (key !== './package.json') entries.push(key === '.' ? name : `${name}/${key.slice(2)}`);
    }
  }
  return entries;
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'latchkey-pack-'));
  const out = join(tmp, 'tarballs');
  tarballs = (await run(process.execPath, [join(root, 'scripts/pack.mjs'), '--out', out], root))
    .trim()
    .split('\n');
  // Third-party dependencies come from the workspace's node_modules (the versions the tests ran
  // with), packed too, so the install needs neither the network nor a warm npm cache.
  const thirdParty = new Set<string>();
  for (const dir of ['packages/core', 'packages/web']) {
    for (const dep of Object.keys((await manifestOf(join(root, dir))).dependencies ?? {})) {
      if (!dep.startsWith('@latchkey/')) thirdParty.add(dep);
    }
  }
  const deps: string[] = [];
  for (const dep of thirdParty) {
    const [packed] = JSON.parse(
      await run(
        'npm',
        [
          'pack',
          '--json',
          '--ignore-scripts',
          '--pack-destination',
          out,
          join(root, 'node_modules', dep),
        ],
        root,
      ),
    ) as { filename: string }[];
    deps.push(join(out, packed!.filename));
  }
  app = join(tmp, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'latchkey-scratch-app', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...deps, ...tarballs],
    app,
  );
  // The peers and what they depend on, copied from the workspace (a nested node_modules comes
  // along with its package).
  const copied = new Set<string>();
  const copyWithDependencies = async (name: string, from: string): Promise<void> => {
    const nested = from === root ? undefined : join(from, 'node_modules', name);
    const dir = nested && existsSync(nested) ? nested : join(root, 'node_modules', name);
    if (copied.has(dir)) return;
    copied.add(dir);
    if (dir !== nested) {
      const target = installed(name);
      if (!existsSync(target)) await cp(dir, target, { recursive: true, dereference: true });
    }
    for (const dep of Object.keys((await manifestOf(dir)).dependencies ?? {}))
      await copyWithDependencies(dep, dir);
  };
  for (const peer of PEERS) await copyWithDependencies(peer, root);
}, 240_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the published packages', () => {
  it('are the packed tarballs, installed', async () => {
    expect(tarballs.map((t) => t.split('/').pop())).toEqual([
      expect.stringMatching(/^latchkey-core-\d+\.\d+\.\d+\.tgz$/),
      expect.stringMatching(/^latchkey-web-\d+\.\d+\.\d+\.tgz$/),
    ]);
    for (const name of PUBLISHED)
      expect(existsSync(join(installed(name), 'package.json'))).toBe(true);
  });

  it('ship every file their exports name, their LICENSE, and only dist/ and src/ besides', async () => {
    for (const name of PUBLISHED) {
      const dir = installed(name);
      const files = await filesUnder(dir);
      const manifest = await manifestOf(dir);
      for (const target of exportTargets(manifest.exports)) {
        expect(files, `${name} exports ${target}`).toContain(target.replace(/^\.\//, ''));
      }
      expect(files).toContain('LICENSE');
      expect(files).toContain('README.md');
      const other = files.filter(
        (f) => !/^(dist|src)\//.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f),
      );
      expect(other, `${name} ships unexpected files`).toEqual([]);
      // Compiled output only in dist/: a .js beside the sources would shadow them.
      expect(files.filter((f) => f.startsWith('src/') && !f.endsWith('.ts'))).toEqual([]);
    }
  });

  it('have source maps whose sources are shipped', async () => {
    let maps = 0;
    for (const name of PUBLISHED) {
      const dir = installed(name);
      for (const file of (await filesUnder(dir)).filter((f) => f.endsWith('.map'))) {
        const map = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
          sources: string[];
          sourceRoot?: string;
        };
        expect(map.sources.length).toBeGreaterThan(0);
        for (const source of map.sources) {
          const path = resolve(dirname(join(dir, file)), map.sourceRoot ?? '', source);
          expect(existsSync(path), `${name}/${file} → ${source}`).toBe(true);
          expect(relative(dir, path).startsWith('..'), `${name}/${file} → ${source}`).toBe(false);
        }
        maps++;
      }
    }
    expect(maps).toBeGreaterThan(0);
  });

  it('pass publint --strict and are the-types-wrong clean for ESM', async () => {
    const bin = (name: string) => join(root, 'node_modules/.bin', name);
    for (const tarball of tarballs) {
      await run(bin('publint'), ['run', '--strict', tarball], root);
      await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], root);
    }
  });

  it('import in Node ESM with the same names as the workspace sources', async () => {
    const entries = await entryPoints();
    expect(entries).toEqual(
      expect.arrayContaining([
        '@latchkey/core',
        '@latchkey/web',
        '@latchkey/web/extension',
        '@latchkey/web/react',
        '@latchkey/web/preact',
        '@latchkey/web/vue',
      ]),
    );
    for (const entry of entries) {
      const script = `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify({ url: import.meta.resolve(${JSON.stringify(entry)}), names: Object.keys(m).sort() }));`;
      const { url, names } = JSON.parse(
        await run(process.execPath, ['--input-type=module', '-e', script], app),
      ) as {
        url: string;
        names: string[];
      };
      expect(fileURLToPath(url).startsWith(join(app, 'node_modules'))).toBe(true);
      // The same entry in the workspace resolves to its TypeScript source.
      const source = (await import(/* @vite-ignore */ entry)) as Record<string, unknown>;
      expect(names, entry).toEqual(Object.keys(source).sort());
      expect(names.length).toBeGreaterThan(0);
    }
  });

  it('bundle with Vite from their dist/', async () => {
    const entries = await entryPoints();
    const main = entries
      .map((e, i) => `import * as m${i} from '${e}';\nconsole.log(m${i});`)
      .join('\n');
    await writeFile(join(app, 'main.js'), main);
    const { build } = await import('vite');
    const result = await build({
      configFile: false,
      root: app,
      logLevel: 'silent',
      build: { write: false, target: 'es2022', rollupOptions: { input: join(app, 'main.js') } },
    });
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) =>
      'output' in r ? r.output : [],
    );
    const chunks = outputs.flatMap((o) => (o.type === 'chunk' ? [o] : []));
    const modules = chunks.flatMap((c) => c.moduleIds).filter((id) => !id.startsWith('\0'));
    expect(modules).toContain(join(app, 'node_modules/@latchkey/web/dist/index.js'));
    expect(modules).toContain(join(app, 'node_modules/@latchkey/core/dist/index.js'));
    expect(
      modules.filter((id) => !id.startsWith(app)),
      'modules from outside the app',
    ).toEqual([]);
    expect(modules.filter((id) => id.endsWith('.ts'))).toEqual([]);
    expect(chunks.map((c) => c.code).join('').length).toBeGreaterThan(10_000);
  });

  it("type-check the READMEs' TypeScript snippets against the shipped declarations", async () => {
    const dir = join(app, 'snippets');
    await mkdir(dir);
    await writeFile(join(dir, 'globals.d.ts'), SNIPPET_GLOBALS);
    let count = 0;
    for (const doc of SNIPPET_DOCS) {
      const text = await readFile(join(root, doc), 'utf8');
      for (const [, lang, code] of text.matchAll(/^```(tsx?)\n([\s\S]*?)^```$/gm)) {
        // Each snippet is its own module (top-level await is allowed in an ES module); a tsx one
        // is React's JSX unless it names another runtime (`@jsxImportSource preact`).
        const name = `${doc.replace(/[/.]/g, '_')}_${count++}.${lang}`;
        await writeFile(join(dir, name), `${code}\nexport {};\n`);
      }
    }
    expect(count).toBeGreaterThanOrEqual(SNIPPET_DOCS.length);
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          // The shipped .d.ts files are checked too, as a user's compiler sees them.
          skipLibCheck: false,
        },
        include: ['snippets'],
      }),
    );
    await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'],
      app,
    );
  });
});
