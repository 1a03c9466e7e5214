/**
 * The author's check: `npm run guides:check [dir]` validates every call guide and walks every branch, printing
 * `file: path.to.field: reason` for each problem. Exit 1 when any guide is broken or missing.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGuideDir, guidesDir } from './guide-files';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const assetsDir = path.join(root, 'assets');
const dir = process.argv[2] ? path.resolve(process.argv[2]) : guidesDir(assetsDir);
const checks = checkGuideDir(dir, assetsDir);
if (checks.length === 0) {
  console.error(`no guide files in ${dir}`);
  process.exit(1);
}
for (const c of checks) {
  if (c.errors.length) for (const e of c.errors) console.error(e);
  else console.log(`${c.file}: ok (${c.guide?.steps.length ?? 0} steps, ${c.paths} paths to an end)`);
}
const broken = checks.filter((c) => c.errors.length).length;
console.log(`${checks.length} guides, ${broken} broken`);
process.exit(broken ? 1 : 0);
