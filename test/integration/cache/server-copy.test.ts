import path from 'node:path';
import type { Resource } from 'fhir/r4';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider, ServerCopyRepository } from '../../../electron/cache';
import { readResourceHistory } from '../../../electron/cache/repositories/resource-history';
import { ctx, openTestStore, tempDir, type TestStore } from './helpers';

const patient = (id: string, versionId: string | null, phone: string, family: string, lastUpdated?: string): Resource =>
  ({
    resourceType: 'Patient',
    id,
    ...(versionId !== null || lastUpdated ? { meta: { ...(versionId !== null ? { versionId } : {}), ...(lastUpdated ? { lastUpdated } : {}) } } : {}),
    identifier: [{ system: 'urn:mrn', value: `MRN-${id}` }],
    name: [{ family, given: ['Ada'] }],
    birthDate: '1970-02-03',
    telecom: [{ system: 'phone', value: phone, use: 'mobile' }],
  }) as Resource;

const relatedPerson = (id: string, patientId: string, versionId: string, phone: string): Resource =>
  ({
    resourceType: 'RelatedPerson',
    id,
    meta: { versionId },
    patient: { reference: `Patient/${patientId}` },
    name: [{ family: 'Helper', given: ['Cal'] }],
    telecom: [{ system: 'phone', value: phone }],
  }) as Resource;

describe('the server copy on a real encrypted store file', () => {
  let cache: TestStore;
  let copy: ServerCopyRepository;
  let cleanup: () => void;
  let file: string;
  let keyFile: string;
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    file = path.join(t.dir, 's.db');
    keyFile = path.join(t.dir, 's.key');
    cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    copy = new ServerCopyRepository(cache.store);
  });
  afterEach(() => {
    if (!cache.store.isClosed) cache.close();
    cleanup();
  });

  const names = (phone: string) => cache.patients.lookupByPhone(phone, ctx).map((m) => `${m.patientId}:${m.name}`);

  it('keeps the server version; a newer version wins and is found by the lookups like an imported resource', () => {
    expect(copy.apply([patient('p1', '1', '617-555-0101', 'Older')], 'export')).toEqual({ applied: 1, stale: 0, rejected: 0, patientIds: ['p1'] });
    expect(copy.versionOf('Patient', 'p1')).toBe('1');
    expect(names('617-555-0101')).toEqual(['p1:Ada Older']);
    expect(cache.patients.findByMrn('MRN-p1', ctx).map((m) => m.patientId)).toEqual(['p1']);

    expect(copy.apply([patient('p1', '2', '617-555-0202', 'Newer')], 'sync')).toEqual({ applied: 1, stale: 0, rejected: 0, patientIds: ['p1'] });
    expect(copy.versionOf('Patient', 'p1')).toBe('2');
    // The old number no longer finds the patient, the new one does; the summary reads the new version.
    expect(names('617-555-0101')).toEqual([]);
    expect(names('617-555-0202')).toEqual(['p1:Ada Newer']);
    expect(cache.patients.summary('p1', ctx).patient.name).toBe('Ada Newer');
    // The previous version is kept in the history, as for imports.
    expect(readResourceHistory(cache.store.connection(), 'Patient', 'p1').map((v) => (v.resource as { meta: { versionId: string } }).meta.versionId)).toEqual([
      '1',
    ]);
  });

  it('an older or equal version is stale and changes nothing; versionIds compare as numbers (10 > 9)', () => {
    copy.apply([patient('p1', '10', '617-555-0110', 'Ten')], 'export');
    expect(copy.apply([patient('p1', '9', '617-555-0109', 'Nine'), patient('p1', '10', '617-555-0111', 'TenAgain')], 'sync')).toEqual({
      applied: 0,
      stale: 2,
      rejected: 0,
      patientIds: [],
    });
    expect(copy.versionOf('Patient', 'p1')).toBe('10');
    expect(names('617-555-0110')).toEqual(['p1:Ada Ten']);
    expect(names('617-555-0109')).toEqual([]);
  });

  it('without integer versionIds, lastUpdated decides', () => {
    copy.apply([patient('p1', 'b', '617-555-0301', 'Later', '2030-01-02T00:00:00Z')], 'export');
    expect(copy.apply([patient('p1', 'a', '617-555-0302', 'Earlier', '2030-01-01T00:00:00Z')], 'sync').stale).toBe(1);
    expect(copy.apply([patient('p1', 'c', '617-555-0303', 'Latest', '2030-01-03T00:00:00+05:00')], 'sync').applied).toBe(1);
    expect(copy.versionOf('Patient', 'p1')).toBe('c');
    expect(names('617-555-0303')).toEqual(['p1:Ada Latest']);
  });

  it('a newer server version replaces what an imported file held; the import file`s own meta counts when it has one', () => {
    cache.imports.importGenerated([patient('p1', null, '617-555-0401', 'Imported'), patient('p2', '5', '617-555-0402', 'ImportedFive')], '(file)', { ctx });
    expect(copy.versionOf('Patient', 'p1')).toBeNull();
    expect(copy.versionOf('Patient', 'p2')).toBe('5');
    expect(copy.apply([patient('p1', '1', '617-555-0403', 'Server'), patient('p2', '4', '617-555-0404', 'ServerFour')], 'export')).toMatchObject({
      applied: 1,
      stale: 1,
    });
    expect(names('617-555-0403')).toEqual(['p1:Ada Server']);
    expect(names('617-555-0402')).toEqual(['p2:Ada ImportedFive']);
  });

  it('a remove deletes the resource and its index rows; an older version arriving later does not bring it back', () => {
    copy.apply([patient('p1', '3', '617-555-0501', 'Gone'), relatedPerson('rp1', 'p1', '1', '617-555-0599')], 'export');
    expect(names('617-555-0599')).toEqual(['p1:Ada Gone']);
    expect(copy.remove('RelatedPerson', 'rp1', 'sync', { versionId: '2' })).toBe(true);
    expect(names('617-555-0599')).toEqual([]);
    expect(copy.remove('Patient', 'p1', 'sync')).toBe(true);
    expect(names('617-555-0501')).toEqual([]);
    expect(cache.patients.findByMrn('MRN-p1', ctx)).toEqual([]);
    expect(() => cache.patients.summary('p1', ctx)).toThrow();
    expect(copy.versionOf('Patient', 'p1')).toBeNull();
    const db = cache.store.connection();
    expect(
      db.prepare('SELECT (SELECT count(*) FROM resource) AS r, (SELECT count(*) FROM patient_index) AS p, (SELECT count(*) FROM phone_index) AS ph').get(),
    ).toEqual({ r: 0, p: 0, ph: 0 });
    // Removing again holds nothing; an older version (a late page) is stale; a newer one (made again) comes back.
    expect(copy.remove('Patient', 'p1', 'sync')).toBe(false);
    expect(copy.apply([patient('p1', '2', '617-555-0502', 'Late')], 'sync').stale).toBe(1);
    expect(copy.apply([relatedPerson('rp1', 'p1', '1', '617-555-0599')], 'sync').stale).toBe(1);
    expect(copy.apply([patient('p1', '5', '617-555-0503', 'Again')], 'sync').applied).toBe(1);
    expect(names('617-555-0503')).toEqual(['p1:Ada Again']);
    // A deletion older than the copy (the resource was made again since) leaves it.
    expect(copy.remove('Patient', 'p1', 'sync', { versionId: '4' })).toBe(false);
    expect(names('617-555-0503')).toEqual(['p1:Ada Again']);
  });

  it('invalid resources and types the cache does not keep are counted as rejected, never thrown; the valid ones are kept', () => {
    const bad = [
      { resourceType: 'Patient' },
      { resourceType: 'Patient', id: 'bad id!' },
      { resourceType: 'Observation', id: 'o1', status: 'final' },
      { resourceType: 'Patient', id: 'p9', meta: { versionId: 7 } },
      { resourceType: 'Patient', id: 'p9', meta: { lastUpdated: 'yesterday' } },
      'not even an object',
      null,
    ] as unknown as Resource[];
    expect(copy.apply([...bad, patient('p2', '1', '617-555-0601', 'Fine')], 'export')).toEqual({ applied: 1, stale: 0, rejected: 7, patientIds: ['p2'] });
    // A deletion of a type the cache does not keep holds nothing and keeps nothing.
    expect(copy.remove('Observation', 'o1', 'sync', { versionId: '3' })).toBe(false);
    expect(cache.store.connection().prepare("SELECT count(*) AS n FROM server_version WHERE type = 'Observation'").get()).toEqual({ n: 0 });
    expect(names('617-555-0601')).toEqual(['p2:Ada Fine']);
  });

  it('a batch that fails part-way leaves nothing of it written (one transaction), and the failure is audited', () => {
    copy.apply([patient('p1', '1', '617-555-0701', 'Before')], 'export');
    const db = cache.store.connection();
    // A real failure inside SQLite on the third resource of the batch (as a full disk would be).
    db.exec("CREATE TEMP TRIGGER fail_on_boom BEFORE INSERT ON resource WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const batch = [patient('p1', '2', '617-555-0702', 'Half'), patient('p2', '1', '617-555-0703', 'Half'), patient('boom', '1', '617-555-0704', 'Boom')];
    expect(() => copy.apply(batch, 'sync')).toThrow();
    expect(copy.versionOf('Patient', 'p1')).toBe('1');
    expect(copy.versionOf('Patient', 'p2')).toBeNull();
    expect(names('617-555-0701')).toEqual(['p1:Ada Before']);
    expect(names('617-555-0702')).toEqual([]);
    expect(names('617-555-0703')).toEqual([]);
    const last = cache.audit.recent(1)[0]!;
    expect(last.outcome).not.toBe('0');
    db.exec('DROP TRIGGER temp.fail_on_boom');
    // The same batch goes through once the failure is gone.
    expect(copy.apply(batch, 'sync').applied).toBe(3);
  });

  it('every apply and remove is one audit row with its counts and source, naming no patient; the chain verifies', () => {
    const before = cache.audit.count();
    copy.apply([patient('p1', '1', '617-555-0801', 'Audited'), patient('p1', '1', '617-555-0801', 'Audited'), { resourceType: 'Patient' }], 'export');
    copy.remove('Patient', 'p1', 'sync');
    expect(cache.audit.count()).toBe(before + 2);
    const [removeRow, applyRow] = cache.audit.recent(2);
    const text = JSON.stringify([applyRow, removeRow]);
    expect(text).toContain('fhir-server:export');
    expect(text).toContain('fhir-server:sync');
    expect(text).not.toContain('Audited');
    expect(text).not.toContain('617');
    expect(text).not.toContain('Patient/p1');
    const details = Object.fromEntries(applyRow!.entity.flatMap((e) => e.detail ?? []).map((d) => [d.type, d.valueString]));
    expect(details).toMatchObject({ applied: '1', stale: '1', rejected: '1' });
    expect(cache.audit.verify().ok).toBe(true);
  });

  it('what was applied survives closing and reopening the encrypted file', () => {
    copy.apply([patient('p1', '4', '617-555-0901', 'Kept')], 'export');
    cache.close();
    cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    copy = new ServerCopyRepository(cache.store);
    expect(copy.versionOf('Patient', 'p1')).toBe('4');
    expect(names('617-555-0901')).toEqual(['p1:Ada Kept']);
  });
});
