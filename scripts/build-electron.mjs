// Bundles the Electron main process and the preload with esbuild (CommonJS, as Electron loads them).
// Native modules and electron itself stay external.
import { build } from 'esbuild';
import { onProjectNode } from './project-node.mjs';

onProjectNode(import.meta.url);

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: false, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main/electron-main.ts'],
  outfile: 'dist/electron/main.cjs',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  external: ['electron'],
});
console.log('built dist/electron/main.cjs and dist/preload/preload.cjs');
