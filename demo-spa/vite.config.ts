import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// `@latchkey/source` resolves @latchkey/web and @latchkey/core to their TypeScript sources (no build
// needed); vite's default conditions are kept after it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [preact()],
  resolve: { conditions: ['@latchkey/source', 'module', 'browser', 'development|production'] },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
