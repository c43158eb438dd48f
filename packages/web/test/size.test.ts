import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Size budgets, gzip -9 of an esbuild ESM minified bundle (the figures to beat: oidc-client-ts 17.6 KB,
 * auth0-spa-js 64 KB). Budgets are bytes; `npm test` fails when an entry point outgrows its budget.
 */
const BUDGETS = {
  /** `@latchkey/web/extension`: the extension client alone. */
  extension: { entry: '../src/extension/index.ts', budget: 2560 },
  /** `@latchkey/web`: auto mode, i.e. the extension client plus the full page mode (core, oauth4webapi, idb). */
  full: { entry: '../src/index.ts', budget: 10 * 1024 },
};

async function gzippedSize(entry: string): Promise<{ raw: number; gzip: number }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@latchkey/source'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

describe('bundle size', () => {
  for (const [name, { entry, budget }] of Object.entries(BUDGETS)) {
    it(`${name} entry stays within ${budget} bytes gzipped`, async () => {
      const size = await gzippedSize(entry);
      console.log(
        `@latchkey/web ${name}: ${size.raw} B minified, ${size.gzip} B gzip -9 (budget ${budget})`,
      );
      expect(size.gzip).toBeLessThanOrEqual(budget);
    });
  }
});
