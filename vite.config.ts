import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The root config only drives the test projects; each app (extension/, demo-spa/) has its own.
// `@latchkey/source` resolves workspace packages to their TypeScript sources, so tests need no build.
const resolve = { conditions: ['@latchkey/source', 'module', 'node', 'import', 'default'] };
// Tests run in vite's SSR environment, whose conditions are set apart from the client's.
const ssr = { resolve: { conditions: resolve.conditions } };

export default defineConfig({
  test: {
    projects: [
      {
        ssr,
        resolve: {
          ...resolve,
          // The polyfill refuses to load in Node; extension units read their fake browser global.
          alias: {
            'webextension-polyfill': fileURLToPath(
              new URL('./extension/test/support/webextension-polyfill.ts', import.meta.url),
            ),
          },
        },
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'extension/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        ssr,
        test: {
          // Builds, packs and installs the published packages into a scratch app (no network).
          name: 'pack',
          include: ['test/pack/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          // Firefox ESR over WebDriver BiDi (puppeteer-core): one browser per file, the extension
          // reinstalled per case; one build for the project (globalSetup).
          name: 'e2e-firefox',
          include: ['test/e2e-firefox/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e-firefox/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
