import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { keyFileProvider } from '../../../electron/cache';
import { ctx, fixture, tempDir, openTestStore, type TestStore } from './helpers';

describe('lookups and the patient summary', () => {
  let cache: TestStore;
  let cleanup: () => void;
  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    cache = openTestStore({ path: path.join(t.dir, 'l.db'), keyProvider: keyFileProvider(path.join(t.dir, 'l.key')) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
  });
  afterAll(() => {
    cache.close();
    cleanup();
  });

  it('a family phone in any format returns every person on it, ranked', () => {
    for (const typed of ['(617) 555-0142', '617.555.0142', '+1 617 555 0142', '0016175550142']) {
      const matches = cache.patients.lookupByPhone(typed, ctx);
      expect(matches.map((m) => [m.patientId, m.via])).toEqual([
        ['p-child', 'patient'],
        ['p-mother', 'patient'],
        // The grandfather's number is marked old and he is deceased: last.
        ['p-grandpa', 'patient'],
      ]);
      expect(matches[0]!.rank).toBeGreaterThan(matches[2]!.rank);
    }
  });

  it("a parent's mobile finds the parent and, through the RelatedPerson, the child they call for", () => {
    const matches = cache.patients.lookupByPhone('617-555-0199', ctx);
    expect(matches).toEqual([
      { patientId: 'p-mother', name: 'Quorra Zyxwander', birthDate: '1984-03-02', mrn: 'MRN-FAM-001', via: 'patient', rank: 105 },
      {
        patientId: 'p-child',
        name: 'Elowyn Zyxwander',
        birthDate: '2015-07-19',
        mrn: 'MRN-FAM-002',
        via: 'relatedPerson',
        relatedPersonId: 'rp-mother-of-child',
        relatedPersonName: 'Quorra Zyxwander',
        relationship: 'mother',
        rank: 65,
      },
    ]);
  });

  it('an unknown number returns nothing; garbage is an invalidArgument', () => {
    expect(cache.patients.lookupByPhone('(617) 555-0000', ctx)).toEqual([]);
    expect(() => cache.patients.lookupByPhone('12', ctx)).toThrow(CodedError);
  });

  it('finds by name + date of birth (accents and case ignored) and by MRN', () => {
    expect(cache.patients.searchByNameDob('elowyn zyxwander', '2015-07-19', ctx).map((m) => m.patientId)).toEqual(['p-child']);
    expect(cache.patients.searchByNameDob('Zyxwänder', '2015-07-19', ctx).map((m) => m.patientId)).toEqual(['p-child']);
    expect(cache.patients.searchByNameDob('Zyxwander', '2015-07-20', ctx)).toEqual([]);
    expect(cache.patients.findByMrn('MRN-FAM-003', ctx).map((m) => m.patientId)).toEqual(['p-grandpa']);
    expect(cache.patients.findByMrn('MRN-NOPE', ctx)).toEqual([]);
  });

  it('summary returns everything the unified view needs in one call', () => {
    const s = cache.patients.summary('p-child', ctx);
    expect(s.patient).toMatchObject({
      id: 'p-child',
      mrn: 'MRN-FAM-002',
      name: 'Elowyn Zyxwander',
      birthDate: '2015-07-19',
      phones: ['617-555-0142'],
      deceased: false,
    });
    expect(s.appointments.map((a) => [a.id, a.status, a.practitioner])).toEqual([['appt-child-1', 'booked', 'Dr. Alice Chen']]);
    expect(s.referrals.map((r) => [r.id, r.code])).toEqual([['sr-child-1', 'Allergy testing']]);
    expect(s.coverage.map((c) => [c.payor, c.subscriberId])).toEqual([['Acme Health Plan', 'SUB-42']]);
    expect(s.accounts.map((a) => [a.balance, a.currency])).toEqual([[125.5, 'USD']]);
    expect(s.invoices.map((i) => [i.id, i.totalGross, i.totalNet])).toEqual([['inv-child-1', 200, 125.5]]);
    expect(s.flags.map((f) => f.text)).toEqual(['Severe peanut allergy']);
    expect(s.history.map((h) => [h.kind, h.id])).toEqual([
      ['communication', 'comm-child-1'],
      ['encounter', 'enc-child-1'],
    ]);
    const proxies = Object.fromEntries(s.proxies.map((p) => [p.relatedPersonId, p]));
    expect(proxies['rp-mother-of-child']!.consent).toEqual({
      consentId: 'consent-child-mother',
      status: 'active',
      scope: ['appointments', 'billing'],
      periodStart: '2024-01-01',
      periodEnd: '2030-01-01',
    });
    expect(proxies['rp-neighbour']!.consent).toBeNull();
    expect(proxies['rp-neighbour']!.relationship).toBe('neighbour');

    const mother = cache.patients.summary('p-mother', ctx).patient;
    expect([mother.preferredLanguage, mother.interpreterNeeded]).toEqual(['es', true]);
    expect(cache.patients.summary('p-grandpa', ctx).patient.deceased).toBe(true);
  });

  it('an unknown patient is notFound', () => {
    expect(() => cache.patients.summary('p-nobody', ctx)).toThrow(expect.objectContaining({ code: 'notFound' }));
  });

  it('every lookup and summary wrote its own audit row: who, which patients, which fields, why', () => {
    const before = cache.audit.count();
    cache.patients.lookupByPhone('617-555-0199', { actor: 'agent/alice', reason: 'inbound call' });
    cache.patients.summary('p-child', { actor: 'agent/alice', reason: 'caller verified as mother' });
    cache.audit.recordDisclosure(
      { patientId: 'p-child', decision: 'denied', fields: ['clinical'], recipient: 'RelatedPerson/rp-neighbour' },
      { actor: 'agent/alice', reason: 'no consent on file' },
    );
    expect(cache.audit.count()).toBe(before + 3);
    const [disclosure, summary, lookup] = cache.audit.recent(3);
    expect(lookup).toMatchObject({
      resourceType: 'AuditEvent',
      action: 'R',
      subtype: [{ code: 'lookup-phone' }],
      agent: [{ who: { identifier: { value: 'agent/alice' } } }],
      purposeOfEvent: [{ text: 'inbound call' }],
    });
    expect(lookup!.entity.map((e) => e.what.reference)).toEqual(['Patient/p-mother', 'Patient/p-child']);
    expect(summary!.entity[0]!.detail![0]!.valueString).toContain('proxies');
    expect(disclosure).toMatchObject({ action: 'E', outcome: '4', outcomeDesc: 'denied', purposeOfEvent: [{ text: 'no consent on file' }] });
    expect(disclosure!.entity.map((e) => e.what.reference)).toEqual(['Patient/p-child', 'RelatedPerson/rp-neighbour']);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checked: cache.audit.count() });
  });

  it('refuses a read without actor or reason', () => {
    expect(() => cache.patients.summary('p-child', { actor: '', reason: 'x' })).toThrow(expect.objectContaining({ code: 'invalidArgument' }));
    expect(() => cache.patients.lookupByPhone('617-555-0199', { actor: 'a', reason: ' ' })).toThrow(expect.objectContaining({ code: 'invalidArgument' }));
  });
});
