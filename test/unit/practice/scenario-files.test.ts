// Every scenario shipped in assets/ validates and every branch can finish (CI runs the author's
// check); a broken scenario is reported by file, field path and reason, and fails the command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioDir, checkScenarioFile, loadScenarios, scenariosDir } from '../../../electron/practice/scenario-files';
import { fixtureInput } from './fixture';
import { envWithProjectNode, projectNode, tsxCli } from '../../../scripts/project-node.mjs';

const root = path.resolve(__dirname, '../../..');
const assets = path.join(root, 'assets');

function tempScenario(name: string, json: unknown): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-scenarios-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return { dir, file };
}

describe('practice scenario files', () => {
  const checks = checkScenarioDir(scenariosDir(assets));

  it('ships at least ten scenarios covering the topics trainees need', () => {
    expect(checks.length).toBeGreaterThanOrEqual(10);
    const topics = new Set(checks.flatMap((c) => c.scenario?.topics ?? []));
    for (const t of ['booking', 'rescheduling', 'billing', 'referral', 'proxy', 'socialEngineering', 'crisis', 'complaint', 'language', 'minor', 'results'])
      expect(topics).toContain(t);
    // A proxy with and without consent on file; a Spanish speaker with Spanish lines.
    const byId = new Map(checks.map((c) => [c.scenario?.id, c.scenario]));
    expect(byId.get('caregiver-proxy-with-consent')!.resources.some((r) => r.resourceType === 'Consent')).toBe(true);
    expect(byId.get('caregiver-proxy-without-consent')!.resources.some((r) => r.resourceType === 'Consent')).toBe(false);
    const spanish = byId.get('spanish-interpreter')!;
    expect(spanish.language).toBe('es');
    expect(Object.values(spanish.turns).every((t) => typeof (t.say as Record<string, string>).es === 'string')).toBe(true);
  });

  for (const c of checks) {
    it(`${c.file} validates and every branch reaches an ending`, () => {
      expect(c.errors).toEqual([]);
      expect(c.paths).toBeGreaterThan(0);
    });
  }

  it('loads them all for the app, each with its own synthetic resource ids', () => {
    const scenarios = loadScenarios(assets);
    expect(scenarios.map((s) => s.id).sort()).toEqual(checks.map((c) => c.scenario!.id).sort());
    expect(scenarios.every((s) => s.resources.every((r) => r.id.startsWith('prac-')))).toBe(true);
  });

  it('the app refuses to start on a broken scenario, listing every problem', () => {
    const bad = structuredClone(fixtureInput) as { start: string };
    bad.start = 'missing';
    const { dir } = tempScenario('fixture-booking.json', bad);
    fs.mkdirSync(path.join(dir, 'practice', 'scenarios'), { recursive: true });
    fs.renameSync(path.join(dir, 'fixture-booking.json'), path.join(dir, 'practice', 'scenarios', 'fixture-booking.json'));
    expect(() => loadScenarios(dir)).toThrow('Practice scenarios are invalid:\nfixture-booking.json: start: no turn named missing');
  });

  it('reports a broken scenario as file: path.to.field: reason', () => {
    const broken = structuredClone(fixtureInput) as unknown as {
      id: string;
      turns: Record<string, { next?: { goto: string }[] }>;
      rubric: { weight: number }[];
    };
    broken.turns.hello!.next![0]!.goto = 'nowhere';
    broken.rubric[0]!.weight = 0;
    const { file } = tempScenario('fixture-booking.json', broken);
    const check = checkScenarioFile(file);
    expect(check.scenario).toBeNull();
    expect(check.errors).toContain('fixture-booking.json: turns.hello.next.0.goto: no turn named nowhere');
    expect(check.errors.some((e) => e.startsWith('fixture-booking.json: rubric.0.weight: '))).toBe(true);
  });

  it('reports a turn that can never finish, an unreachable turn, bad JSON and a bad FHIR resource', () => {
    const stuck = structuredClone(fixtureInput) as unknown as { turns: Record<string, unknown>; resources: unknown[] };
    stuck.turns.loop = { say: { en: 'again' }, next: [{ on: 'reply', goto: 'loop' }] };
    stuck.turns.orphan = { say: { en: 'nobody comes here' }, end: 'resolved' };
    (stuck.turns.hello as { next: unknown[] }).next.push({ on: 'hold', goto: 'loop' });
    stuck.resources.push({ resourceType: 'Appointment', id: 'prac-bad', status: 42 });
    const errors = checkScenarioFile(tempScenario('fixture-booking.json', stuck).file).errors;
    expect(errors).toContain('fixture-booking.json: turns.loop: no path from here reaches an ending');
    expect(errors).toContain('fixture-booking.json: turns.orphan: cannot be reached from the start (hello)');
    expect(errors.some((e) => e.startsWith('fixture-booking.json: resources.1: invalid Appointment'))).toBe(true);
    expect(checkScenarioFile(tempScenario('x.json', '{ not json').file).errors[0]).toMatch(/^x\.json: \(file\): not readable as JSON/);
    expect(checkScenarioFile(tempScenario('other-name.json', fixtureInput).file).errors).toEqual([
      'other-name.json: id: must match the file name (other-name)',
    ]);
  });

  it("the author's command exits 0 on assets/ and 1 with the reason on a broken folder", () => {
    const tsx = (...args: string[]) => spawnSync(projectNode, [tsxCli, ...args], { cwd: root, encoding: 'utf8', env: envWithProjectNode() });
    const good = tsx('electron/practice/check-cli.ts');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/\d+ scenarios, 0 broken/);
    const bad = structuredClone(fixtureInput) as { start: string };
    bad.start = 'missing';
    const { dir } = tempScenario('fixture-booking.json', bad);
    const run = tsx('electron/practice/check-cli.ts', dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('fixture-booking.json: start: no turn named missing');
  });
});
