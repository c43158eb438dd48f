// Bundle sizes of @latchkey/web's entries (gzip -9, esbuild ESM minified, code splitting on), as
// packages/web/test/size.test.ts measures them, against oidc-client-ts (one chunk) built the same
// way: the critical path (entry chunk + its static imports: what loads before the first valid
// stored token), page mode in all (every chunk but the extension client's), and the whole.
import { fileURLToPath } from 'node:url';
import { bundleSize } from '../packages/web/test/bundle-size.js';

const entries = {
  '@latchkey/web (auto / page mode)': '../packages/web/src/index.ts',
  '@latchkey/web/dpop': '../packages/web/src/dpop.ts',
  '@latchkey/web/extension': '../packages/web/src/extension/index.ts',
};
const AIMS = { critical: 6 * 1024, page: 17.6 * 1024 };
const row = (name: string, ...figures: number[]) =>
  console.log(`  ${name.padEnd(36)} ${figures.map((f) => String(f).padStart(8)).join('')}`);
console.log('bundle sizes, gzip -9 bytes');
console.log(`  ${''.padEnd(36)} critical page mode    whole`);
for (const [name, entry] of Object.entries(entries)) {
  const size = await bundleSize(new URL(entry, import.meta.url));
  row(
    name,
    size.critical,
    size.wholeWithout('web/src/extension/extension-latchkey.ts'),
    size.whole,
  );
}
const oidc = await bundleSize(
  fileURLToPath(
    new URL('../node_modules/oidc-client-ts/dist/esm/oidc-client-ts.js', import.meta.url),
  ),
);
row('oidc-client-ts', oidc.critical, oidc.whole, oidc.whole);
console.log(
  `  aims for page mode: critical ≤ ${AIMS.critical} B (6 KB), page mode in all ≤ ${Math.round(AIMS.page)} B (17.6 KB)`,
);
