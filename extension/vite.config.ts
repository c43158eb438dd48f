import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, defaultClientConditions } from 'vite';
import { readPresetProviders } from './build/providers-file.js';
import { latchkeyManifest } from './manifest.config.js';

// `LATCHKEY_PROVIDERS=/path/providers.json npm run build -w @latchkey/extension` bakes providers in.
export default defineConfig(async () => {
  const presets = await readPresetProviders();
  return {
    plugins: [preact(), crx({ manifest: latchkeyManifest(presets, '0.1.0') })],
    // Workspace packages resolve to their TypeScript sources (keeping vite's default conditions).
    resolve: { conditions: ['@latchkey/source', ...defaultClientConditions] },
    define: { __LATCHKEY_PRESETS__: JSON.stringify(presets) },
    build: {
      // `LATCHKEY_OUT_DIR` lets the e2e build sit beside the normal one.
      outDir: process.env.LATCHKEY_OUT_DIR ?? 'dist',
      emptyOutDir: true,
      target: 'chrome116',
      rollupOptions: {
        // Pages not named in the manifest: the consent window and the devtools panel.
        input: { consent: 'src/consent/index.html', panel: 'src/devtools/panel.html' },
      },
    },
  };
});
