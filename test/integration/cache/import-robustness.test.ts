/**
 * Hostile or merely unusual input files: one bad entry never costs the rest of the file.
 * Deep nesting, impossible dates, partial dates and a UTF-8 byte-order mark, each in a real store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { ctx, tempDir, openTestStore, type TestStore } from './helpers';

const patient = (id: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ type: { coding: [{ code: 'MR' }] }, value: `MRN-${id}` }],
  name: [{ use: 'official', family: 'Quillfeather', given: [id] }],
  telecom: [{ system: 'phone', value: '+1 617 555 0123', use: 'mobile' }],
  ...extra,
});

/** An extension nested `depth` levels deep: valid JSON, valid FHIR shape, absurd depth. */
function deeplyNested(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { url: 'urn:x:leaf', valueString: 'x' };
  for (let i = 0; i < depth; i++) node = { url: 'urn:x:nest', extension: [node] };
  return node;
}

describe('import robustness', () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    cache = openTestStore({ path: path.join(dir, 'r.db'), keyProvider: keyFileProvider(path.join(dir, 'r.key')) });
  });
  afterEach(() => {
    cache.close();
    cleanup();
  });

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('skips one deeply nested Bundle entry with its reason and imports every other entry', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111', resource: patient('deep-before') },
        { fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222', resource: patient('deep-bad', { extension: [deeplyNested(20_000)] }) },
        { fullUrl: 'urn:uuid:33333333-3333-4333-8333-333333333333', resource: patient('deep-after') },
      ],
    };
    // JSON.stringify itself cannot write this depth: build the text by hand.
    const nested = '{"url":"urn:x:nest","extension":['.repeat(20_000) + '{"url":"urn:x:leaf","valueString":"x"}' + ']}'.repeat(20_000);
    const text = JSON.stringify(bundle, (k, v: unknown) =>
      k === 'extension' && Array.isArray(v) && v.length === 1 && (v[0] as { url?: string }).url === 'urn:x:nest' ? '@@NEST@@' : v,
    ).replace('"@@NEST@@"', `[${nested}]`);
    const file = write('deep.json', text);
    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(2);
    expect(report.skipped).toBe(1);
    expect(report.issues).toEqual([{ file, line: null, entry: 2, reason: expect.stringMatching(/nested deeper than \d+ levels/) as string }]);
    expect(cache.patients.summary('deep-before', ctx).patient.id).toBe('deep-before');
    expect(cache.patients.summary('deep-after', ctx).patient.id).toBe('deep-after');
  });

  it('skips a deeply nested NDJSON line the same way and keeps the next line', async () => {
    const nested = '{"url":"urn:x:nest","extension":['.repeat(20_000) + '{"url":"urn:x:leaf"}' + ']}'.repeat(20_000);
    const bad = JSON.stringify(patient('nd-bad')).replace(/}$/, `,"extension":[${nested}]}`);
    const file = write('deep.ndjson', [JSON.stringify(patient('nd-1')), bad, JSON.stringify(patient('nd-2'))].join('\n'));
    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(2);
    expect(report.issues).toEqual([{ file, line: 2, reason: expect.stringMatching(/nested deeper than/) as string }]);
  });

  it('refuses impossible birth dates and dateTimes, names the path, and never the value', async () => {
    const lines = [
      patient('date-bad', { birthDate: '1980-99-99' }),
      patient('date-feb', { birthDate: '2023-02-29' }),
      {
        resourceType: 'Encounter',
        id: 'enc-bad',
        status: 'finished',
        class: { code: 'AMB' },
        subject: { reference: 'Patient/date-ok' },
        period: { start: '2020-01-01T25:00:00Z' },
      },
      patient('date-ok', { birthDate: '1980-02-29' }),
    ];
    const file = write('dates.ndjson', lines.map((l) => JSON.stringify(l)).join('\n'));
    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(1);
    expect(report.issues.map((i) => [i.line, i.reason])).toEqual([
      [1, 'invalid Patient (birthDate: invalid_format)'],
      [2, 'invalid Patient (birthDate: invalid_format)'],
      [3, 'invalid Encounter (period.start: invalid_format)'],
    ]);
    expect(report.issues.map((i) => i.reason).join(' ')).not.toMatch(/1980|2023|2020/);
  });

  it('accepts FHIR partial dates ("1963", "1963-05") and reads them back as written', async () => {
    const file = write(
      'partial.ndjson',
      [patient('year-only', { birthDate: '1963' }), patient('year-month', { birthDate: '1963-05' })].map((l) => JSON.stringify(l)).join('\n'),
    );
    const report = await cache.imports.importFiles([file]);
    expect(report.issues).toEqual([]);
    expect(cache.patients.summary('year-only', ctx).patient.birthDate).toBe('1963');
    expect(cache.patients.summary('year-month', ctx).patient.birthDate).toBe('1963-05');
  });

  it('gives a transaction entry without an id its urn:uuid fullUrl, resolves references to it, and ignores DELETE/GET entries', async () => {
    const urn = 'urn:uuid:0f7c2a8e-5b1d-4c3e-9a6f-2d8e4b1c7a90';
    const { id: _omit, ...noId } = patient('unused');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: urn, resource: noId, request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: 'urn:uuid:6b0e7f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
          resource: { resourceType: 'Flag', status: 'active', code: { text: 'Needs an interpreter' }, subject: { reference: urn } },
          request: { method: 'POST', url: 'Flag' },
        },
        { request: { method: 'DELETE', url: 'Patient/234' } },
        { request: { method: 'GET', url: 'Patient?name=peter' } },
        {
          fullUrl: 'urn:uuid:7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
          resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' } },
          request: { method: 'POST', url: 'Observation' },
        },
        {},
      ],
    };
    const file = write('transaction.json', JSON.stringify(bundle));
    const report = await cache.imports.importFiles([file]);
    expect(report.imported).toBe(2);
    expect(report.ignoredByType).toEqual({ 'Bundle entry DELETE request': 1, 'Bundle entry GET request': 1, Observation: 1 });
    // An entry with nothing in it at all is still reported.
    expect(report.issues).toEqual([{ file, line: null, entry: 6, reason: 'Bundle entry without a resource' }]);
    const summary = cache.patients.summary('0f7c2a8e-5b1d-4c3e-9a6f-2d8e4b1c7a90', ctx);
    expect(summary.flags.map((f) => f.text)).toEqual(['Needs an interpreter']);
  });

  it('accepts a UTF-8 byte-order mark at the start of an NDJSON file and of a JSON Bundle', async () => {
    const ndjson = write('bom.ndjson', `\uFEFF${JSON.stringify(patient('bom-1'))}\n${JSON.stringify(patient('bom-2'))}\n`);
    const bundle = write('bom.json', `\uFEFF${JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient('bom-3') }] })}`);
    // No extension: the reader must still see that the first line is one whole JSON document.
    const bare = write('bom-export', `\uFEFF${JSON.stringify(patient('bom-4'))}\n${JSON.stringify(patient('bom-5'))}\n`);
    const report = await cache.imports.importFiles([ndjson, bundle, bare]);
    expect(report.issues).toEqual([]);
    expect(report.imported).toBe(5);
  });
});
