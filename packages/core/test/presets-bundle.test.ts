import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Bundles `source` as an app would (esbuild, minified, tree-shaken) and returns the output. */
async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    platform: 'browser',
    conditions: ['@latchkey/source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

// A string only each provider's module holds (its hosts and documentation).
const MARKERS: Record<string, string> = {
  roblox: 'apis.roblox.com',
  bipsync: 'bipsync.com',
  google: 'accounts.google.com',
  'entra-id': 'login.microsoftonline.com',
  auth0: 'auth0.com',
  okta: 'okta.com',
  keycloak: 'keycloak.org',
  gitlab: 'gitlab.com',
};

describe('presets are tree-shakable', () => {
  it.each([
    [
      'a namespace import',
      `import * as presets from '@latchkey/core/presets'; console.log(presets.roblox({ clientId: 'x' }));`,
    ],
    [
      'a named import',
      `import { roblox } from '@latchkey/core/presets'; console.log(roblox({ clientId: 'x' }));`,
    ],
  ])('an app importing one preset (%s) ships only that one', async (_how, source) => {
    const out = await bundle(source);
    expect(out).toContain(MARKERS.roblox);
    for (const [name, marker] of Object.entries(MARKERS)) {
      if (name !== 'roblox') expect(out, `${name} is in the bundle`).not.toContain(marker);
    }
  });

  it('the catalog, when imported, carries them all', async () => {
    const out = await bundle(
      `import { PRESETS } from '@latchkey/core/presets'; console.log(Object.keys(PRESETS));`,
    );
    for (const marker of Object.values(MARKERS)) expect(out).toContain(marker);
  });
});
