// Bundles the Electron main process and the preload with esbuild (CommonJS, as Electron loads them).
// Native modules and electron itself stay external.
import { build } from 'esbuild';
import { onProjectNode } from './project-node.mjs';

onProjectNode(import.meta.url);

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: false, logLevel: 'warning' };
// Workers are bundled beside the main process; `import.meta.url` (ESM, under tsx) becomes the bundle's file URL, so
// the code finds its worker (e.g. knowledge-index-worker.cjs) beside it.
const metaUrl = {
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await build({
  ...common,
  ...metaUrl,
  entryPoints: ['electron/main/electron-main.ts'],
  outfile: 'dist/electron/main.cjs',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
});
await build({
  ...common,
  ...metaUrl,
  entryPoints: ['electron/knowledge/index-worker.ts'],
  outfile: 'dist/electron/knowledge-index-worker.cjs',
  external: ['better-sqlite3-multiple-ciphers'],
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  external: ['electron'],
});
console.log('built dist/electron/main.cjs, dist/electron/knowledge-index-worker.cjs and dist/preload/preload.cjs');
