// Fewer steps to find a patient, on a real encrypted store: an MRN as the agent types it, and a name without a date of
// birth when few enough patients share it (else how many do), every search audited.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { NAME_ONLY_MAX_MATCHES } from '../../../electron/cache/repositories/patients';
import { mrnCandidates } from '../../../electron/cache/repositories/mrn-query';
import { ctx, tempDir, openTestStore, type TestStore } from './helpers';

const patient = (id: string, given: string, family: string, birthDate: string, mrn: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:carefront:mrn', value: mrn }],
  name: [{ use: 'official', given: [given], family }],
  birthDate,
});

/** More patients called Garcia than a name alone may list; one Quillfeather; an MRN that itself begins with MRN. */
const GARCIAS = NAME_ONLY_MAX_MATCHES + 3;
const resources = [
  ...Array.from({ length: GARCIAS }, (_, i) =>
    patient(`garcia-${i}`, ['Maria', 'Jose', 'Ana', 'Luis'][i % 4]!, 'Garcia', `19${50 + i}-01-0${(i % 9) + 1}`, `MRN${String(i + 1).padStart(8, '0')}`),
  ),
  patient('rare', 'Odalys', 'Quillfeather', '1977-05-04', 'mrn-abc-77'),
  patient('twin-a', 'Ines', 'Varga-Lind', '2001-02-03', 'A123'),
  patient('twin-b', 'Ines', 'Varga-Lind', '2001-02-03', 'MRNA123'),
];

describe('mrnCandidates', () => {
  it('reads spaces, case and an MRN label away, the typed value first', () => {
    expect(mrnCandidates('mrn 00000012')).toEqual(['MRN00000012', '00000012']);
    expect(mrnCandidates('MRN: 00000012')).toEqual(['MRN:00000012', 'MRN00000012', '00000012']);
    expect(mrnCandidates('  a 12 3 ')).toEqual(['A123']);
    expect(mrnCandidates('ＭＲＮ１２')).toEqual(['MRN12', '12']);
    expect(mrnCandidates('MRN')).toEqual(['MRN']);
    expect(mrnCandidates('   ')).toEqual([]);
  });
});

describe('patient search with fewer steps', () => {
  let cache: TestStore;
  let cleanup: () => void;
  beforeAll(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    cache = openTestStore({ path: path.join(t.dir, 's.db'), keyProvider: keyFileProvider(path.join(t.dir, 's.key')) });
    cache.imports.importGenerated(resources, '(search test)');
  });
  afterAll(() => {
    cache.close();
    cleanup();
  });

  const lastSearch = () => {
    const e = cache.audit.recent(1)[0]!;
    return {
      op: e.subtype[0]!.code,
      outcome: e.outcome,
      patients: e.entity.filter((x) => x.what.reference?.startsWith('Patient/')).map((x) => x.what.reference),
    };
  };

  it('finds an MRN in any case, with spaces and an "mrn" label, and audits each search', () => {
    for (const typed of ['MRN00000004', 'mrn00000004', 'mrn 00000004', 'MRN: 0000 0004', 'Mrn#00000004']) {
      const before = cache.audit.count();
      expect(cache.patients.findByMrn(typed, ctx).map((m) => m.patientId)).toEqual(['garcia-3']);
      expect(cache.audit.count()).toBe(before + 1);
      expect(lastSearch()).toEqual({ op: 'search-mrn', outcome: '0', patients: ['Patient/garcia-3'] });
    }
    expect(cache.patients.findByMrn('MRN-ABC-77', ctx).map((m) => m.patientId)).toEqual(['rare']);
  });

  it('takes an MRN that begins with MRN as it is before reading the letters as a label', () => {
    expect(cache.patients.findByMrn('MRNA123', ctx).map((m) => m.patientId)).toEqual(['twin-b']);
    expect(cache.patients.findByMrn('mrn a123', ctx).map((m) => m.patientId)).toEqual(['twin-b']);
    expect(cache.patients.findByMrn('a123', ctx).map((m) => m.patientId)).toEqual(['twin-a']);
    expect(cache.patients.findByMrn('mrn 99999999', ctx)).toEqual([]);
    expect(lastSearch()).toEqual({ op: 'search-mrn', outcome: '4', patients: [] });
  });

  it('lists a rare name without a date of birth, and audits whom it listed', () => {
    const found = cache.patients.searchByName('odalys quillfeather', ctx);
    expect(found).toMatchObject({ total: 1, matches: [{ patientId: 'rare', name: 'Odalys Quillfeather' }] });
    expect(lastSearch()).toEqual({ op: 'search-name', outcome: '0', patients: ['Patient/rare'] });
    expect(cache.patients.searchByName('Quillfeath', ctx).matches.map((m) => m.patientId)).toEqual(['rare']);
    expect(
      cache.patients
        .searchByName('Ines Varga-Lind', ctx)
        .matches.map((m) => m.patientId)
        .sort(),
    ).toEqual(['twin-a', 'twin-b']);
  });

  it(`lists no one when more than ${NAME_ONLY_MAX_MATCHES} share the name, says how many, and audits the refusal naming no patient`, () => {
    const found = cache.patients.searchByName('Garcia', ctx);
    expect(found).toEqual({ matches: [], total: GARCIAS });
    expect(lastSearch()).toEqual({ op: 'search-name', outcome: '4', patients: [] });
    // With a given name the same family narrows to a few, listed.
    const marias = cache.patients.searchByName('Maria Garcia', ctx);
    expect(marias.total).toBe(Math.ceil(GARCIAS / 4));
    expect(marias.matches.map((m) => m.patientId)).toEqual(marias.matches.filter((m) => m.name === 'Maria Garcia').map((m) => m.patientId));
  });

  it('finds no one for a name on file for no patient; a wildcard in the name is a letter, not a pattern', () => {
    expect(cache.patients.searchByName('Nobody Here', ctx)).toEqual({ matches: [], total: 0 });
    expect(cache.patients.searchByName('%%', ctx)).toEqual({ matches: [], total: 0 });
    expect(cache.patients.searchByName('G_rcia', ctx)).toEqual({ matches: [], total: 0 });
  });
});
