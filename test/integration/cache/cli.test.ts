import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO_ROOT, tempDir } from './helpers';
import { LATEST_SCHEMA_VERSION } from '../../../electron/cache';
import { cliErrorCode } from '../../cli-error';

const LAUNCHER = path.join(REPO_ROOT, 'bin/carefront-admin.mjs');

describe('carefront-admin CLI, end to end in child processes', () => {
  let dir: string;
  let cleanup: () => void;
  let store: string[];
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    store = ['--db', path.join(dir, 'cli.db'), '--key-file', path.join(dir, 'cli.key')];
  });
  afterAll(() => {
    cleanup();
  });

  /** Runs the package bin under this Node 22 from another working directory. */
  const admin = (...args: string[]) => {
    const r = spawnSync(process.execPath, [LAUNCHER, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CAREFRONT_DATA_DIR: path.join(dir, 'default-data') },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, json: (): unknown => JSON.parse(r.stdout) };
  };

  it('import names every skipped line on stderr (file:line: reason) and exits 2', () => {
    const r = admin('import', fixture('family.ndjson'), fixture('with-errors.ndjson'), ...store, '--json');
    expect(r.status).toBe(2);
    expect(r.json()).toMatchObject({ imported: 17, skipped: 4, ignored: 1, ignoredByType: { Observation: 1 } });
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`${fixture('with-errors.ndjson')}:2: malformed JSON`);
  });

  it('lookup --json prints ranked matches with FHIR ids', () => {
    const byPhone = admin('lookup', '--phone', '(617) 555-0199', ...store, '--json');
    expect(byPhone.status).toBe(0);
    expect((byPhone.json() as { patientId: string; via: string; reference: string }[]).map((m) => [m.reference, m.via])).toEqual([
      ['Patient/p-mother', 'patient'],
      ['Patient/p-child', 'relatedPerson'],
    ]);
    expect((admin('lookup', '--mrn', 'MRN-FAM-002', ...store, '--json').json() as { patientId: string }[])[0]!.patientId).toBe('p-child');
    expect(admin('lookup', '--name', 'Elowyn Zyxwander', '--dob', '2015-07-19', ...store, '--json').json()).toHaveLength(1);
  });

  it('summary prints the unified view; an unknown id fails on stderr with a code', () => {
    const r = admin('summary', 'p-child', ...store, '--json');
    expect(r.status).toBe(0);
    expect((r.json() as { proxies: unknown[] }).proxies).toHaveLength(2);
    const missing = admin('summary', 'p-none', ...store, '--json');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    expect(JSON.parse(missing.stderr)).toEqual({ ok: false, error: { code: 'notFound', message: 'no such patient' } });
  });

  it('audit verify reports the chain, rekey moves the store to a new key file', () => {
    const verified = admin('audit', 'verify', ...store, '--json');
    expect(verified.status).toBe(0);
    expect(verified.json()).toMatchObject({ ok: true });
    expect((verified.json() as { checked: number }).checked).toBeGreaterThanOrEqual(5);

    const newKey = path.join(dir, 'rotated.key');
    expect(admin('rekey', '--new-key-file', newKey, ...store).status).toBe(0);
    expect(fs.statSync(newKey).mode & 0o777).toBe(0o600);
    const oldKey = admin('stats', ...store, '--json');
    expect(oldKey.status).toBe(1);
    expect(cliErrorCode(oldKey.stderr)).toBe('cacheWrongKey');
    const rotated = admin('stats', '--db', store[1]!, '--key-file', newKey, '--json');
    expect(rotated.json()).toMatchObject({ patients: 5 });
  });

  it('generate writes NDJSON or seeds a store; defaults live under $CAREFRONT_DATA_DIR', () => {
    const out = path.join(dir, 'gen.ndjson');
    const gen = admin('generate', '--patients', '40', '--seed', '7', '--out', out, '--json');
    expect(gen.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength((gen.json() as { resources: number }).resources);
    const seeded = admin('generate', '--patients', '40', '--json');
    expect(seeded.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'default-data', 'demo.db'))).toBe(true);
    expect(admin('stats', '--json').json()).toMatchObject({ patients: 40 });
  });

  it('bad usage exits non-zero with the reason on stderr', () => {
    const r = admin('lookup', ...store);
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/lookup needs/);
  });

  it('works as `npx carefront-admin` (the package bin)', () => {
    const r = spawnSync('npx', ['carefront-admin', 'stats', '--json', '--db', store[1]!, '--key-file', path.join(dir, 'rotated.key')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ patients: 5, schemaVersion: LATEST_SCHEMA_VERSION });
  });
});
