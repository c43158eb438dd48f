// Builds the publishable packages from clean and packs them with `npm pack`:
//   npm run pack                 → dist/tarballs/latchkey-core-<version>.tgz, latchkey-web-<version>.tgz
//   npm run pack -- --out <dir>  → into <dir>
// Prints one line per tarball (its absolute path), so other tools can read the list.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The packages that are published, in dependency order. */
const PUBLISHED = ['packages/core', 'packages/web'];

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(
  outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : join(root, 'dist/tarballs'),
);

const run = (command, commandArgs, cwd) => {
  const res = spawnSync(command, commandArgs, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    process.stderr.write(res.stdout ?? '');
    throw new Error(`${command} ${commandArgs.join(' ')} failed in ${cwd} (exit ${res.status})`);
  }
  return res.stdout;
};

mkdirSync(out, { recursive: true });
for (const dir of PUBLISHED) {
  const cwd = join(root, dir);
  // A clean dist/: files of a removed module must not ship.
  rmSync(join(cwd, 'dist'), { recursive: true, force: true });
  run(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    cwd,
  );
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], cwd));
  const { name, version } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  if (!packed || packed.name !== name || packed.version !== version)
    throw new Error(`npm pack gave no tarball for ${name}`);
  console.log(join(out, packed.filename));
}
