// Bundle sizes of @latchkey/web's entries (gzip -9, esbuild ESM minified, code splitting on):
// the critical path (entry chunk + its static imports) and the whole (every chunk), as
// packages/web/test/size.test.ts measures them, against oidc-client-ts (17.6 KB) built the same way.
import { fileURLToPath } from 'node:url';
import { bundleSize } from '../packages/web/test/bundle-size.js';

const entries = {
  '@latchkey/web (auto / page mode)': '../packages/web/src/index.ts',
  '@latchkey/web/dpop': '../packages/web/src/dpop.ts',
  '@latchkey/web/extension': '../packages/web/src/extension/index.ts',
};
console.log('bundle sizes, gzip -9 bytes (critical path / whole)');
for (const [name, entry] of Object.entries(entries)) {
  const size = await bundleSize(new URL(entry, import.meta.url));
  console.log(
    `  ${name.padEnd(36)} ${String(size.critical).padStart(6)} / ${String(size.whole).padStart(6)}`,
  );
}
const oidc = await bundleSize(
  fileURLToPath(
    new URL('../node_modules/oidc-client-ts/dist/esm/oidc-client-ts.js', import.meta.url),
  ),
);
console.log(
  `  ${'oidc-client-ts'.padEnd(36)} ${String(oidc.critical).padStart(6)} / ${String(oidc.whole).padStart(6)}`,
);
