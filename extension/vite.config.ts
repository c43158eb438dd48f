import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { readPresetProviders } from './build/providers-file.js';
import { latchkeyManifest, loopbackEnabled } from './manifest.config.js';

// `LATCHKEY_PROVIDERS=/path/providers.json npm run build -w @latchkey/extension` bakes providers in;
// `LATCHKEY_LOOPBACK=1` lets loopback pages reach the broker (extension/README.md "Build").
export default defineConfig(async ({ mode }) => {
  const presets = await readPresetProviders();
  const loopback = loopbackEnabled(mode);
  return {
    plugins: [
      preact(),
      crx({ manifest: latchkeyManifest(presets, '0.1.0', { loopback }) }),
      noWebAccessibleBridge(),
    ],
    // Workspace packages resolve to their TypeScript sources (keeping vite's default conditions).
    resolve: { conditions: ['@latchkey/source', ...defaultClientConditions] },
    define: {
      __LATCHKEY_PRESETS__: JSON.stringify(presets),
      __LATCHKEY_LOOPBACK__: JSON.stringify(loopback),
    },
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

/**
 * crxjs declares every `?script` import web-accessible to all sites (for scripts that a content
 * script injects into the page). The bridge is registered with `chrome.scripting` instead, which
 * needs no such entry — and the entry would let any site detect the extension by fetching the file.
 * @see https://developer.chrome.com/docs/extensions/reference/manifest/web-accessible-resources
 */
function noWebAccessibleBridge(): Plugin & {
  renderCrxManifest(manifest: { web_accessible_resources?: { resources: string[] }[] }): unknown;
} {
  return {
    name: 'latchkey:no-web-accessible-bridge',
    enforce: 'post',
    // crxjs calls this on every plugin once it has the final manifest.
    renderCrxManifest(manifest) {
      const kept = (manifest.web_accessible_resources ?? []).filter(
        (entry) => !entry.resources.every((r) => r.startsWith('src/content/')),
      );
      if (kept.length) manifest.web_accessible_resources = kept;
      else delete manifest.web_accessible_resources;
      return manifest;
    },
  };
}
