import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from './helpers';
import type { Patient } from 'fhir/r4';

const LAUNCHER = path.join(REPO_ROOT, 'bin/carefront-admin.mjs');
const OS_USER = `admin-cli/${os.userInfo().username}`;

interface Event {
  subtype: { code: string }[];
  agent: { who: { identifier: { value: string } }; altId?: string }[];
  outcome: string;
  entity: { what: { reference?: string; display?: string }; detail?: { type: string; valueString: string }[] }[];
}

const detail = (e: Event, type: string): string | undefined => e.entity.flatMap((x) => x.detail ?? []).find((d) => d.type === type)?.valueString;

describe('the CLI audits who did what: the OS user, every import, every overwrite, every rekey', () => {
  let dir: string;
  let cleanup: () => void;
  let store: string[];
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    store = ['--db', path.join(dir, 'a.db'), '--key-file', path.join(dir, 'a.key')];
  });
  afterAll(() => {
    cleanup();
  });

  const admin = (...args: string[]) => {
    const r = spawnSync(process.execPath, [LAUNCHER, ...args, ...store, '--json'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: (): unknown => JSON.parse(r.stdout) };
  };
  const recent = (n: number) => admin('audit', 'recent', '--limit', String(n)).json() as Event[];

  it('an import is audited with its files, counts and the OS user', () => {
    expect(admin('import', fixture('family.ndjson'), fixture('with-errors.ndjson')).status).toBe(2);
    const [finished, started] = recent(2);
    expect(started!.subtype[0]!.code).toBe('import');
    expect(finished!.subtype[0]!.code).toBe('import');
    for (const e of [started!, finished!]) expect(e.agent[0]!.who.identifier.value).toBe(OS_USER);
    expect(started!.entity.map((x) => x.what.display)).toEqual([fixture('family.ndjson'), fixture('with-errors.ndjson')].map((f) => `file:${f}`));
    expect(detail(finished!, 'imported')).toBe('17');
    expect(detail(finished!, 'skipped')).toBe('4');
    expect(detail(finished!, 'ignored')).toBe('1'); // the Observation: a type the cache does not keep
  });

  it('--actor is kept as a note; the recorded actor is the OS user', () => {
    expect(admin('lookup', '--phone', '(617) 555-0199', '--actor', 'agent/mallory').status).toBe(0);
    const [lookup] = recent(1);
    expect(lookup!.subtype[0]!.code).toBe('lookup-phone');
    expect(lookup!.agent[0]!.who.identifier.value).toBe(OS_USER);
    expect(lookup!.agent[0]!.altId).toBe('agent/mallory');
  });

  it('a duplicate-id import that changes demographics keeps the previous version, audited', () => {
    const changed = path.join(dir, 'changed.ndjson');
    const original = fs
      .readFileSync(fixture('family.ndjson'), 'utf8')
      .split('\n')
      .find((l) => l.includes('"id":"p-child"'))!;
    const patient = JSON.parse(original) as Patient;
    patient.name![0]!.family = 'Renamed';
    patient.birthDate = '2015-07-20';
    fs.writeFileSync(changed, `${JSON.stringify(patient)}\n`);
    expect(admin('import', changed).status).toBe(0);
    const [finished] = recent(1);
    expect(detail(finished!, 'overwritten')).toBe('1');
    expect(finished!.entity.map((x) => x.what.reference)).toContain('Patient/p-child');

    const history = admin('history', 'Patient/p-child');
    expect(history.status).toBe(0);
    const versions = history.json() as { replacedAt: string; resource: { name: { family: string }[]; birthDate: string } }[];
    expect(versions).toHaveLength(1);
    expect(versions[0]!.resource).toMatchObject({ name: [{ family: 'Zyxwander' }], birthDate: '2015-07-19' });
    expect((admin('summary', 'p-child').json() as { patient: unknown }).patient).toMatchObject({ name: 'Elowyn Renamed', birthDate: '2015-07-20' });
    // Re-importing the same content again keeps no extra version.
    expect(admin('import', changed).status).toBe(0);
    expect(admin('history', 'Patient/p-child').json()).toHaveLength(1);
    // Reading the history is itself audited.
    expect(recent(1)[0]!.subtype[0]!.code).toBe('history');
  });

  it('rekey is audited, and audit verify reports the chain and its checkpoints', () => {
    expect(admin('rekey').status).toBe(0);
    const [rekey] = recent(1);
    expect(rekey!.subtype[0]!.code).toBe('rekey');
    expect(rekey!.agent[0]!.who.identifier.value).toBe(OS_USER);
    const verified = admin('audit', 'verify');
    expect(verified.status).toBe(0);
    expect(verified.json()).toMatchObject({ ok: true, checkpoints: { unanchored: 0 } });
  });
});
