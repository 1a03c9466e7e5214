/**
 * The author's check: `npm run scenarios:check [dir]` validates every scenario file and walks every
 * branch, printing `file: path.to.field: reason` for each problem. Exit 1 when any file is broken.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { must } from '../../shared/must';
import { checkScenarioDir, scenariosDir } from './scenario-files';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = process.argv[2] ? path.resolve(process.argv[2]) : scenariosDir(path.join(root, 'assets'));
const checks = checkScenarioDir(dir);
if (checks.length === 0) {
  console.error(`no scenario files in ${dir}`);
  process.exit(1);
}
for (const c of checks) {
  if (c.errors.length) for (const e of c.errors) console.error(e);
  else console.log(`${c.file}: ok (${Object.keys(must(c.scenario, `the checked scenario of ${c.file}`).turns).length} turns, ${c.paths} paths to an ending)`);
}
const broken = checks.filter((c) => c.errors.length).length;
console.log(`${checks.length} scenarios, ${broken} broken`);
process.exit(broken ? 1 : 0);
