import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The source files of `packages/web/src` that `entry` pulls in, relative to `src/`. */
async function webInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@latchkey/source'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).flatMap((path) => {
    const at = path.indexOf('packages/web/src/');
    return at < 0 ? [] : [path.slice(at + 'packages/web/src/'.length)];
  });
}

describe('module layering', () => {
  it('page mode imports nothing from the extension client (shared facts live in shared/)', async () => {
    const inputs = await webInputs('../src/page/page-latchkey.ts');
    expect(inputs).toContain('page/page-latchkey.ts');
    expect(inputs.filter((p) => p.startsWith('extension/'))).toEqual([]);
  });

  it('the extension client imports nothing from page mode', async () => {
    const inputs = await webInputs('../src/extension/index.ts');
    expect(inputs.filter((p) => p.startsWith('page/'))).toEqual([]);
  });
});
