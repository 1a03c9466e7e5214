/**
 * Reads and checks practice scenario files (`assets/practice/scenarios/*.json`): JSON, the schema,
 * the file name matching the id, every synthetic FHIR resource valid for the cache's importer, and
 * the conversation graph (every turn reachable and able to finish). Used by the app at start-up and
 * by the author's check (`npm run scenarios:check`). Problems read `file: path.to.field: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateResource } from '../cache';
import { parseScenario, type Scenario } from '../../shared/practice/schema';
import { walkScenario } from '../../shared/practice/walk';
import { must } from '../../shared/must';

export interface ScenarioCheck {
  file: string;
  scenario: Scenario | null;
  errors: string[];
  /** Distinct start-to-end paths walked (0 when the file is broken). */
  paths: number;
}

export const scenariosDir = (assetsDir: string) => path.join(assetsDir, 'practice', 'scenarios');

export function checkScenarioFile(file: string): ScenarioCheck {
  const name = path.basename(file);
  const fail = (errors: string[]): ScenarioCheck => ({ file: name, scenario: null, errors: errors.map((e) => `${name}: ${e}`), paths: 0 });
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return fail([`(file): not readable as JSON (${err instanceof SyntaxError ? err.message : 'cannot read'})`]);
  }
  const parsed = parseScenario(json);
  if (!parsed.ok) return fail(parsed.errors);
  const s = parsed.scenario;
  const errors: string[] = [];
  if (`${s.id}.json` !== name) errors.push(`id: must match the file name (${name.replace(/\.json$/, '')})`);
  s.resources.forEach((r, i) => {
    const v = validateResource(r);
    if (!v.ok) errors.push(`resources.${i}: ${v.reason}`);
  });
  const walk = walkScenario(s);
  errors.push(...walk.errors);
  return { file: name, scenario: errors.length ? null : s, errors: errors.map((e) => `${name}: ${e}`), paths: walk.paths };
}

export function checkScenarioDir(dir: string): ScenarioCheck[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => checkScenarioFile(path.join(dir, f)));
}

/** The app's scenarios: all of them, or start-up stops with every problem listed. */
export function loadScenarios(assetsDir: string): Scenario[] {
  const checks = checkScenarioDir(scenariosDir(assetsDir));
  const errors = checks.flatMap((c) => c.errors);
  if (errors.length) throw new Error(`Practice scenarios are invalid:\n${errors.join('\n')}`);
  const scenarios = checks.map((c) => must(c.scenario, `the checked scenario of ${c.file}`));
  const ids = new Set<string>();
  for (const s of scenarios) {
    for (const r of s.resources) {
      const key = `${r.resourceType}/${r.id}`;
      if (ids.has(key)) throw new Error(`Practice scenarios are invalid:\n${s.id}.json: resources: ${key} is used by another scenario`);
      ids.add(key);
    }
  }
  if (scenarios.length === 0) throw new Error(`No practice scenarios in ${scenariosDir(assetsDir)}`);
  return scenarios;
}
