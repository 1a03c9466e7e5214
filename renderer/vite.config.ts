import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The renderer builds to dist/renderer, served by Electron's app:// scheme or by the bridge.
// No inline scripts are emitted (the CSP forbids them).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
