// Bundles the Electron main process and the preload with esbuild (CommonJS, as Electron loads them).
// Native modules and electron itself stay external. `--out DIR` writes the bundles under DIR instead of dist/ (the tests
// build into a folder of their own, so two of them never write the same files at once).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { onProjectNode } from './project-node.mjs';

onProjectNode(import.meta.url);
const out = parseArgs({ options: { out: { type: 'string', default: 'dist' } } }).values.out;
const at = (file) => path.join(out, file);

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
  outfile: at('electron/main.cjs'),
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
});
// The store's workers (see electron/cache/store-worker.ts), each beside the main process.
for (const [entry, bundle] of [
  ['electron/knowledge/index-worker.ts', 'knowledge-index-worker.cjs'],
  ['electron/cache/import/import-worker.ts', 'import-worker.cjs'],
]) {
  await build({ ...common, ...metaUrl, entryPoints: [entry], outfile: at(`electron/${bundle}`), external: ['better-sqlite3-multiple-ciphers'] });
}
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: at('preload/preload.cjs'),
  external: ['electron'],
});
console.log(`built ${at('electron/main.cjs')}, its workers (knowledge-index-worker.cjs, import-worker.cjs) and ${at('preload/preload.cjs')}`);
