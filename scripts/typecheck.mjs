// Type-checks every runtime context: each tsconfig.json below the workspaces and test/ is its own
// program (core has no DOM, the background has no DOM, the UI no background code; docs/architecture.md).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = ['packages', 'extension', 'demo-spa', 'test', 'bench'];
const skip = new Set(['node_modules', 'dist', '.vite']);
const found = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name === 'tsconfig.json') found.push(path);
  }
};
for (const r of roots) {
  try {
    walk(join(root, r));
  } catch {}
}
let failed = 0;
for (const config of found.sort()) {
  const rel = relative(root, config);
  const res = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', config],
    {
      stdio: 'inherit',
    },
  );
  console.log(`${res.status === 0 ? 'ok  ' : 'FAIL'} tsc -p ${rel}`);
  if (res.status !== 0) failed++;
}
if (found.length === 0) {
  console.error('typecheck: no tsconfig.json found');
  process.exit(1);
}
process.exit(failed ? 1 : 0);
