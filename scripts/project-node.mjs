// The project's Node: the `node` devDependency (22.x). The native SQLite module is built for it, and the
// system's Node (20 on these machines) crashes loading it (exit 139), so every script and every child
// process the tests start runs on this one, whatever `node` comes first on the PATH. One place for that fact.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const projectBin = path.join(projectRoot, 'node_modules', '.bin');
/** The Node 22 binary itself. */
export const projectNode = path.join(projectBin, 'node');
/** tsx's command-line entry, to run TypeScript on the project's Node: [projectNode, tsxCli, file]. */
export const tsxCli = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The environment with the project's bin folder first on the PATH, so children find Node 22 as `node`. */
export function envWithProjectNode(env = process.env) {
  const rest = (env.PATH ?? '').split(path.delimiter).filter((p) => p && path.resolve(p) !== projectBin);
  return { ...env, PATH: [projectBin, ...rest].join(path.delimiter) };
}

/**
 * Called first by a script run as `node script.mjs`: on a Node older than 22, runs the script again on
 * the project's Node (same arguments, same stdio) and exits with its status. On Node 22 it only puts
 * the project's bin folder first on the PATH for the children.
 */
export function onProjectNode(scriptUrl) {
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    process.env.PATH = envWithProjectNode().PATH;
    return;
  }
  if (!existsSync(projectNode)) {
    process.stderr.write('Carefront needs Node >= 22: run `npm install` (it adds Node 22 as the `node` devDependency)\n');
    process.exit(1);
  }
  const r = spawnSync(projectNode, [fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: 'inherit', env: envWithProjectNode() });
  process.exit(r.status ?? (r.signal ? 1 : 0));
}
