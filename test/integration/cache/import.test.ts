import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue, keyFileProvider, type ImportProgress } from '../../../electron/cache';
import { buildElectronBundles } from '../electron-bundles';
import { ctx, fixture, tempDir, openTestStore, type TestStore } from './helpers';

const patient = (id: string) => JSON.stringify({ resourceType: 'Patient', id, name: [{ family: 'Lane', given: ['Ada'] }], birthDate: '1980-01-02' });

describe('FHIR import', () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    cache = openTestStore({ path: path.join(dir, 'i.db'), keyProvider: keyFileProvider(path.join(dir, 'i.key')) });
  });
  afterEach(() => {
    cache.close();
    cleanup();
  });

  it('reports each malformed line and invalid resource with file and line, keeps every valid one, and counts a type it does not keep as ignored', async () => {
    const file = fixture('with-errors.ndjson');
    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(3);
    expect(report.skipped).toBe(4);
    expect(report.ignored).toBe(1);
    expect(report.ignoredByType).toEqual({ Observation: 1 });
    expect(report.issues.map((i) => i.line)).toEqual([2, 3, 6, 8]);
    expect(report.issues.every((i) => i.file === file)).toBe(true);
    const lines = report.issues.map(formatIssue);
    expect(lines[0]).toBe(`${file}:2: malformed JSON`);
    expect(lines[1]).toMatch(/:3: invalid Appointment \(participant: /);
    expect(lines[2]).toMatch(/:6: invalid Patient \(id: /);
    expect(lines[3]).toMatch(/:8: not a JSON object/);
    expect(cache.store.stats().patients).toBe(2);
    expect(cache.patients.summary('p-ok-1', ctx).flags.map((f) => f.text)).toEqual(['Needs ramp access']);
  });

  it('imports a Bundle, resolving urn:uuid references to the entries they name', async () => {
    const report = await cache.imports.importFiles([fixture('bundle.json')]);
    expect(report.imported).toBe(2);
    expect(report.issues).toEqual([{ file: fixture('bundle.json'), line: null, entry: 3, reason: expect.stringMatching(/invalid Flag \(code/) as string }]);
    const summary = cache.patients.summary('p-bundle', ctx);
    expect(summary.coverage.map((c) => [c.id, c.payor])).toEqual([['cov-bundle', 'NHS']]);
    expect(cache.patients.lookupByPhone('+442079460018', ctx).map((m) => m.patientId)).toEqual(['p-bundle']);
  });

  it('is idempotent: importing twice upserts by id, no duplicates, indexes follow the new version', async () => {
    await cache.imports.importFiles([fixture('family.ndjson')]);
    const first = cache.store.stats();
    await cache.imports.importFiles([fixture('family.ndjson')]);
    expect(cache.store.stats().resources).toBe(first.resources);
    expect(cache.store.stats().patients).toBe(3);
    expect(cache.patients.lookupByPhone('(617) 555-0142', ctx)).toHaveLength(3);
  });

  it('reports progress with counts while it runs', async () => {
    const seen: ImportProgress[] = [];
    const report = await cache.imports.importFiles([fixture('family.ndjson')], { batchSize: 4, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.committed)).toEqual([4, 8, 12, 14]);
    expect(seen.at(-1)!.byType.Patient).toBe(3);
    expect(report.imported).toBe(14);
    expect(report.resourcesPerSecond).toBeGreaterThan(0);
  });

  it('importInWorker runs the import on a worker_thread and posts progress', async () => {
    const seen: number[] = [];
    const report = await cache.imports.importInWorker([fixture('family.ndjson'), fixture('with-errors.ndjson')], {
      batchSize: 5,
      onProgress: (p) => seen.push(p.committed),
    });
    expect(report.imported).toBe(17);
    expect(report.skipped).toBe(4);
    expect(report.ignored).toBe(1);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    // The main connection sees the worker's writes.
    expect(cache.store.stats().patients).toBe(5);
  });

  it('the bundled import worker beside the bundled main process imports the same', async () => {
    const bundles = buildElectronBundles();
    try {
      const workerUrl = bundles.workerUrl('import-worker.cjs');
      const report = await cache.imports.importInWorker([fixture('family.ndjson'), fixture('with-errors.ndjson')], { batchSize: 5, workerUrl });
      expect([report.imported, report.skipped, report.ignored]).toEqual([17, 4, 1]);
      expect(cache.store.stats().patients).toBe(5);
    } finally {
      bundles.remove();
    }
  });

  it('reports an NDJSON line longer than the bound with its line and skips it without reading it whole; the other lines are imported', async () => {
    const file = path.join(dir, 'huge-line.ndjson');
    const out = fs.openSync(file, 'w');
    fs.writeSync(out, `${patient('long-line-1')}\n`);
    // A Patient whose one line is 24 MiB (a huge text), over the 16 MiB default bound, written in pieces.
    fs.writeSync(out, '{"resourceType":"Patient","id":"long-line-huge","text":{"status":"generated","div":"<div>');
    const piece = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 24; i += 1) fs.writeSync(out, piece);
    fs.writeSync(out, `</div>"}}\n${patient('long-line-2')}\n`);
    fs.closeSync(out);

    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(2);
    expect(report.skipped).toBe(1);
    expect(report.issues.map(formatIssue)).toEqual([`${file}:2: a line longer than ${16 * 1024 * 1024} bytes (not read)`]);
    expect(cache.patients.summary('long-line-2', ctx).patient.id).toBe('long-line-2');
  });

  it('takes the line bound from the import options', async () => {
    const file = path.join(dir, 'small-bound.ndjson');
    fs.writeFileSync(file, `${patient('bound-1')}\n${patient('bound-2-is-a-longer-id-than-the-bound-allows')}\n`);
    const report = await cache.imports.importFiles([file], { maxLineBytes: patient('bound-1').length });
    expect([report.imported, report.skipped]).toEqual([1, 1]);
    expect(report.issues[0]).toMatchObject({ line: 2, reason: `a line longer than ${patient('bound-1').length} bytes (not read)` });
  });
});
