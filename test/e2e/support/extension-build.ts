import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What the e2e build reads: the extension's sources and build files, and core's sources. */
const INPUTS = ['extension', 'packages/core/src', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'dist', 'test']);

/** The environment of the e2e build (see {@link buildExtensionForE2e}). */
const BUILD_ENV = {
  LATCHKEY_LOOPBACK: '1',
  LATCHKEY_LOOPBACK_CONNECTABLE: 'http://127.0.0.1/*',
} as const;

async function* files(dir: string): AsyncGenerator<string> {
  if (!existsSync(dir)) return;
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (e.isFile()) yield path;
  }
}

/** A digest of every input of the build: the same sources give the same build. */
async function inputsDigest(): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(BUILD_ENV));
  for (const input of INPUTS) {
    const path = join(root, input);
    const list = input.endsWith('.json') ? [path] : [];
    if (!input.endsWith('.json')) for await (const f of files(path)) list.push(f);
    for (const f of list) {
      hash
        .update(relative(root, f))
        .update('\0')
        .update(await readFile(f))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/**
 * Builds the extension for the e2e tests (`npm run build -w @latchkey/extension`, the real build)
 * with loopback let in (`LATCHKEY_LOOPBACK=1`: the test pages are local): loopback `127.0.0.1` is
 * connectable, `localhost` is not, so a localhost page reaches the broker through the content-script
 * bridge. Providers are configured at run time (the dev IdP's port is ephemeral).
 *
 * One build per state of the sources, not one per test file: the output is kept in the temp dir under
 * a digest of its inputs and reused by every stack (each browser gets its own profile), so a test's
 * setup does not carry a whole build — on a loaded machine, that alone outran the hook budgets.
 * Returns the dir; `remove` is kept for callers and leaves the shared build in place.
 */
export async function buildExtensionForE2e(): Promise<{ dir: string; remove(): Promise<void> }> {
  built ??= cachedBuild().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return { dir: await built, remove: async () => undefined };
}

async function cachedBuild(): Promise<string> {
  const dir = join(tmpdir(), `latchkey-ext-e2e-${await inputsDigest()}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const out = await mkdtemp(join(tmpdir(), 'latchkey-ext-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LATCHKEY_OUT_DIR: out, ...BUILD_ENV };
  delete env.LATCHKEY_PROVIDERS;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', '@latchkey/extension'], { cwd: root, env });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', reject);
    child.on('exit', resolve);
    setTimeout(() => child.kill(), 120_000).unref();
  });
  if (code !== 0) {
    await rm(out, { recursive: true, force: true });
    throw new Error(`extension build failed:\n${output.join('')}`);
  }
  // Whole or not at all: a concurrent run with the same sources may have won the race.
  await rename(out, dir).catch(async () => {
    await rm(out, { recursive: true, force: true });
    if (!existsSync(join(dir, 'manifest.json')))
      throw new Error(`could not keep the build in ${dir}`);
  });
  return dir;
}
