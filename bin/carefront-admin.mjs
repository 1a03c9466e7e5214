#!/usr/bin/env node
// carefront-admin launcher: runs electron/cache/cli/main.ts through tsx, with paths resolved relative
// to this package (so it works from any directory). The native SQLite module needs Node >= 22: on an
// older node this re-runs itself with the Node 22 binary of the `node` devDependency.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'electron/cache/cli/main.ts');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const node22 = path.join(root, 'node_modules/.bin/node');
  if (!existsSync(node22)) {
    process.stderr.write('carefront-admin: needs Node >= 22 (npm install adds it as the `node` devDependency)\n');
    process.exit(1);
  }
  // Children of the CLI find Node 22 as `node` too.
  const env = { ...process.env, PATH: `${path.dirname(node22)}${path.delimiter}${process.env.PATH ?? ''}` };
  const result = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(result.status ?? 1);
}

const require = createRequire(path.join(root, 'package.json'));
const { tsImport } = await import(pathToFileURL(require.resolve('tsx/esm/api')).href);
await tsImport(pathToFileURL(cli).href, import.meta.url);
