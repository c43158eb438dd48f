import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * Size budgets, gzip -9 of an esbuild ESM minified bundle (the figures to beat: oidc-client-ts 17.6 KB,
 * auth0-spa-js 64 KB). Budgets are bytes; `npm test` fails when an entry point outgrows its budget.
 */
const BUDGETS = {
  /**
   * `@latchkey/web/extension`: the extension client alone (measured 2,571 B, of it 30 B for a
   * `latchkey.fetch` that rejects what is no request with `invalid_request` rather than a TypeError;
   * the 2 KB aim is missed by core's LatchkeyError, 0.7 KB of it with its code list and JSON round trip).
   */
  extension: { entry: '../src/extension/index.ts', budget: 2592 },
  /**
   * `@latchkey/web`: auto mode, i.e. the extension client plus the full page mode (measured 21,062 B,
   * 70 B of it for fetch's contract — `tokenHeader`, a redirect refused, every failure a
   * LatchkeyError — and `signedOut` on a dead session; earlier 20,729 B:
   * core's code-flow client — without the device grant, scoped tokens, resource requests and DPoP's
   * signing, which only `createClient` brings — with oauth4webapi and idb is about 15.5 KB of it;
   * web's page mode 2.7 KB, the extension client 1.3 KB). The 10 KB aim is out of reach while
   * protocol work goes through oauth4webapi: the subset core uses is 7.1 KB gzipped on its own, idb
   * 1.3 KB. Measured 25,379 B with the seed-platform and hardening work merged (24,657 B after provider validation grew: +3.9 KB: the provider field table with
   * its labels and help, 0.8 KB; the JSONPath subset, scope splitting, reserved parameters, origin,
   * logo and header rules and their messages, the rest).
   */
  full: { entry: '../src/index.ts', budget: 25_472 },
  /**
   * `@latchkey/web/dpop`: the full page mode with RFC 9449 DPoP (measured 22,525 B, 26,383 B with the larger provider validation: oauth4webapi's
   * proofs, key generation and resource requests are the 1.8 KB over the main entry). A separate
   * entry, not a dynamic import: bundlers split by module and oauth4webapi is one, so a lazy chunk
   * would leave those bytes in the shared, eagerly loaded part.
   */
  dpop: { entry: '../src/dpop.ts', budget: 27_200 },
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
