/**
 * Real third-party FHIR R4 data (Synthea bundles, the official HL7 R4 examples, a SMART Bulk Data
 * export), read from ../shared/testdata/real-fhir beside the checkout and never copied into it.
 * An EHR export holds everything: the cache keeps eleven resource types, ignores the rest (counted,
 * not errors), and must take every FHIR-valid shape of the ones it keeps.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider, type ImportReport } from '../../../electron/cache';
import { ctx, REPO_ROOT, tempDir, openTestStore, type TestStore } from './helpers';
import { ifSetUp } from '../../if-set-up';

const REAL_FHIR = path.resolve(REPO_ROOT, '..', 'shared', 'testdata', 'real-fhir');
const present = fs.existsSync(path.join(REAL_FHIR, 'patients.tsv'));
const title = present
  ? 'real FHIR data: Synthea, HL7 R4 examples, SMART bulk export'
  : `real FHIR data: SKIPPED, ${REAL_FHIR} is absent (the shared test data sits beside the checkout)`;

/** Every input file: the Synthea and HL7 JSON documents and the bulk NDJSON (not the npm manifest). */
function inputFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(json|ndjson)$/.test(e.name) && e.name !== 'package.json') out.push(full);
    }
  };
  for (const sub of ['synthea', 'hl7-r4-examples', 'bulk-ndjson']) walk(path.join(REAL_FHIR, sub));
  return out;
}

/** Rows of one of the derived patient lists (TAB-separated, with a header). */
function tsv(name: string): Record<string, string>[] {
  const [header, ...rows] = fs
    .readFileSync(path.join(REAL_FHIR, name), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** What the files hold, counted independently of the importer: resources by type, and entries with no resource. */
function census(files: string[]): { byType: Map<string, number>; total: number; withoutResource: number } {
  const byType = new Map<string, number>();
  let withoutResource = 0;
  const add = (r: { resourceType?: string }) => byType.set(r.resourceType!, (byType.get(r.resourceType!) ?? 0) + 1);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.ndjson')) for (const line of text.split('\n').filter((l) => l.trim())) add(JSON.parse(line) as { resourceType?: string });
    else {
      const doc = JSON.parse(text) as { resourceType: string; entry?: { resource?: { resourceType: string } }[] };
      if (doc.resourceType !== 'Bundle') add(doc);
      else
        for (const e of doc.entry ?? []) {
          if (e.resource) add(e.resource);
          else withoutResource++;
        }
    }
  }
  return { byType, total: [...byType.values()].reduce((a, b) => a + b, 0), withoutResource };
}

const KEPT = new Set([
  'Patient',
  'RelatedPerson',
  'Consent',
  'Appointment',
  'Coverage',
  'Encounter',
  'ServiceRequest',
  'Account',
  'Invoice',
  'Communication',
  'Flag',
]);

describe.skipIf(!present)(title, () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  let files: string[];
  let report: ImportReport;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('carefront-real-fhir-'));
    files = inputFiles();
    cache = openTestStore({ path: path.join(dir, 'real.db'), keyProvider: keyFileProvider(path.join(dir, 'real.key')) });
    report = await cache.imports.importFiles(files, { maxIssues: 100_000 });
  });
  afterAll(() => {
    ifSetUp(cache, (c) => {
      c.close();
    });
    ifSetUp(cleanup, (c) => {
      c();
    });
  });

  it('imports every file with no error: each resource is kept or counted as ignored', () => {
    const expected = census(files);
    expect(files.length).toBeGreaterThanOrEqual(120);
    expect(report.issues).toEqual([]);
    expect(report.skipped).toBe(0);
    for (const [type, n] of expected.byType) {
      if (KEPT.has(type)) expect(report.byType[type], type).toBe(n);
      else expect(report.ignoredByType[type], type).toBe(n);
    }
    // Entries that carry no resource (a transaction's DELETE and GET, a transaction-response) are not data: counted too.
    expect(report.imported + report.ignored).toBe(expected.total + expected.withoutResource);
    expect(report.ignoredByType.Observation).toBeGreaterThan(1000);
  });

  it('finds every Synthea patient by the phone number exactly as written in patients.tsv (and the bulk export)', () => {
    const rows = [...tsv('patients.tsv'), ...tsv('patients-bulk.tsv')];
    expect(rows.length).toBe(38);
    for (const row of rows) {
      expect(row.phones, row.patient_id).toMatch(/^555-\d{3}-\d{4}$/);
      const found = cache.patients.lookupByPhone(row.phones!, ctx).map((m) => m.patientId);
      expect(found, row.patient_id).toContain(row.patient_id);
      expect(cache.patients.summary(row.patient_id!, ctx).patient.birthDate).toBe(row.birthDate);
    }
  });

  it('reads numbers written with a + country code, in any format, as the same number', () => {
    // Patient f201: +31612345678 (mobile), +31201234567 (home); RelatedPerson f002 and benedicte too.
    for (const typed of ['+31612345678', '+31 6 12345678', '+31 6-1234 5678', '0031 6 1234 5678'])
      expect(
        cache.patients.lookupByPhone(typed, ctx).map((m) => m.patientId),
        typed,
      ).toContain('f201');
    const home = cache.patients.lookupByPhone('+31 20 123 4567', ctx);
    expect(home.find((m) => m.via === 'patient')?.patientId).toBe('f201');
    expect(home.some((m) => m.via === 'relatedPerson' && m.relatedPersonId === 'f002')).toBe(true);
    expect(cache.patients.lookupByPhone('+33 237 998 327', ctx).some((m) => m.relatedPersonId === 'benedicte')).toBe(true);
  });

  it('takes transaction entries without an id by their urn:uuid fullUrl, and resolves references to them', () => {
    // Bundle-bundle-transaction: POST Patient entries with no id, only a urn:uuid fullUrl.
    expect(cache.patients.summary('61ebe359-bfdc-4613-8bf2-c5e300945f0a', ctx).patient.name).toMatch(/\S/);
    expect(cache.patients.summary('88f151c0-a954-468a-88bd-5ae15c08e059', ctx).patient.id).toBe('88f151c0-a954-468a-88bd-5ae15c08e059');
    // Bundle-bundle-references: a collection whose second Patient has only its fullUrl.
    expect(cache.patients.summary('04121321-4af5-424c-a0e1-ed3aab1c349d', ctx).patient.id).toBe('04121321-4af5-424c-a0e1-ed3aab1c349d');
  });

  it('accepts a Reference with only an identifier or a display (ServiceRequest subjects in the HL7 examples)', () => {
    expect(report.byType.ServiceRequest).toBe(20);
  });

  it('HL7 partial birth date "1963" (RelatedPerson f002) is kept as written', () => {
    const proxies = cache.patients.summary('f201', ctx).proxies;
    expect(proxies.find((p) => p.relatedPersonId === 'f002')?.birthDate).toBe('1963');
  });

  it('carefront-admin import of the whole set exits 0 and reports what it ignored', () => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin/carefront-admin.mjs'),
        'import',
        ...files,
        '--db',
        path.join(dir, 'cli.db'),
        '--key-file',
        path.join(dir, 'cli.key'),
        '--json',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ImportReport;
    expect(out).toMatchObject({ imported: report.imported, ignored: report.ignored, skipped: 0 });
  });
});
