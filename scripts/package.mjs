// `npm run package`: a release build of the extension (no loopback) packed for the two stores, in
// artifacts/: latchkey-chrome-<version>.zip (Chrome Web Store), latchkey-firefox-<version>.zip
// (addons.mozilla.org) and latchkey-source-<version>.zip, the source archive AMO asks reviewers to
// rebuild from (our bundle is minified by Vite), with SOURCE.md saying how.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'artifacts');
const run = (cmd, args, env = {}) => {
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
};

// A release build: loopback pages may not reach the broker (extension/README.md "Build").
const releaseEnv = { LATCHKEY_LOOPBACK: '', LATCHKEY_FIREFOX: '1' };
delete process.env.LATCHKEY_LOOPBACK;
delete process.env.LATCHKEY_LOOPBACK_CONNECTABLE;
delete process.env.LATCHKEY_OUT_DIR;
delete process.env.LATCHKEY_FIREFOX_OUT_DIR;
run('npm', ['run', 'build', '-w', '@latchkey/extension'], releaseEnv);

const dist = join(root, 'extension/dist');
const distFirefox = join(root, 'extension/dist-firefox');
const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8'));
const version = manifest.version;
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

// Chrome Web Store: the store assigns the id, so the development `key` stays out.
const chromeDir = join(out, 'chrome');
await cp(dist, chromeDir, { recursive: true });
delete manifest.key;
await writeFile(join(chromeDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const webExt = join(root, 'node_modules/.bin/web-ext');
const pack = (dir, name) =>
  run(webExt, [
    'build',
    '--source-dir',
    dir,
    '--artifacts-dir',
    out,
    '--filename',
    name,
    '--overwrite-dest',
  ]);
pack(chromeDir, `latchkey-chrome-${version}.zip`);
await rm(chromeDir, { recursive: true, force: true });
pack(distFirefox, `latchkey-firefox-${version}.zip`);

// AMO: the sources of the minified code, with how to rebuild it.
run('git', [
  'archive',
  '--format=zip',
  `--output=${join(out, `latchkey-source-${version}.zip`)}`,
  'HEAD',
]);
await writeFile(
  join(out, 'SOURCE.md'),
  `# Latchkey ${version}: building the Firefox add-on from source

For addons.mozilla.org reviewers. latchkey-source-${version}.zip is the repository at the commit the
add-on was built from. The add-on's JavaScript is bundled and minified by Vite; nothing is fetched at
run time and no code is generated.

Requirements: Node.js 20.19 or later, npm 10, on Linux, macOS or Windows.

    unzip latchkey-source-${version}.zip -d latchkey && cd latchkey
    npm ci
    npm run build -w @latchkey/extension

The add-on is then in extension/dist-firefox/ (extension/dist/ is the Chromium build of the same
sources; the Firefox manifest is made from the same one by extension/build/firefox.ts).
`,
);
console.log(`package: ${out}`);
