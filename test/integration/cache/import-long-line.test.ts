// An NDJSON file with a line far longer than the importer's bound, imported into a real encrypted store: that line is
// reported (file, line, reason) and skipped without being read whole; the lines around it are imported.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue, keyFileProvider } from '../../../electron/cache';
import { ctx, openTestStore, tempDir, type TestStore } from './helpers';

const patient = (id: string) => JSON.stringify({ resourceType: 'Patient', id, name: [{ family: 'Lane', given: ['Ada'] }], birthDate: '1980-01-02' });

describe('an NDJSON line longer than the bound', () => {
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

  it('is reported with its line and skipped; the other lines are imported', async () => {
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

  it('takes its bound from the import options', async () => {
    const file = path.join(dir, 'small-bound.ndjson');
    fs.writeFileSync(file, `${patient('bound-1')}\n${patient('bound-2-is-a-longer-id-than-the-bound-allows')}\n`);
    const report = await cache.imports.importFiles([file], { maxLineBytes: patient('bound-1').length });
    expect([report.imported, report.skipped]).toEqual([1, 1]);
    expect(report.issues[0]).toMatchObject({ line: 2, reason: `a line longer than ${patient('bound-1').length} bytes (not read)` });
  });
});
