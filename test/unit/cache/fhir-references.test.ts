import { describe, expect, it } from 'vitest';
import { owningPatientId, parseReference, resolveBundleReferences } from '../../../electron/cache/fhir/references';
import { validateResource } from '../../../electron/cache/fhir/validate';

describe('FHIR references and validation', () => {
  it('reads relative, absolute and versioned references', () => {
    expect(parseReference({ reference: 'Patient/p1' })).toEqual({ type: 'Patient', id: 'p1' });
    expect(parseReference({ reference: 'https://fhir.example.org/r4/Patient/p-2' })).toEqual({ type: 'Patient', id: 'p-2' });
    expect(parseReference({ reference: 'Patient/p3/_history/7' })).toEqual({ type: 'Patient', id: 'p3' });
    expect(parseReference({ reference: 'urn:uuid:1234' })).toBeNull();
    expect(parseReference({ display: 'no reference' })).toBeNull();
  });

  it('finds the owning patient of every supported type', () => {
    const subject = { reference: 'Patient/p1' };
    expect(owningPatientId({ resourceType: 'Patient', id: 'p1' })).toBe('p1');
    expect(owningPatientId({ resourceType: 'RelatedPerson', id: 'r', patient: subject })).toBe('p1');
    expect(owningPatientId({ resourceType: 'Consent', id: 'c', patient: subject })).toBe('p1');
    expect(owningPatientId({ resourceType: 'Coverage', id: 'c', beneficiary: subject })).toBe('p1');
    expect(owningPatientId({ resourceType: 'Appointment', id: 'a', participant: [{ actor: { reference: 'Practitioner/x' } }, { actor: subject }] })).toBe('p1');
    expect(owningPatientId({ resourceType: 'Account', id: 'a', subject: [{ reference: 'Device/d' }, subject] })).toBe('p1');
    for (const t of ['Encounter', 'ServiceRequest', 'Invoice', 'Communication', 'Flag'])
      expect(owningPatientId({ resourceType: t, id: 'x', subject })).toBe('p1');
    expect(owningPatientId({ resourceType: 'Flag', id: 'x', subject: { reference: 'Group/g' } })).toBeNull();
  });

  it('rewrites Bundle-local references only', () => {
    const r = resolveBundleReferences(
      { resourceType: 'Flag', id: 'f', subject: { reference: 'urn:uuid:a' }, author: { reference: 'Practitioner/1' } },
      new Map([['urn:uuid:a', 'Patient/p9']]),
    );
    expect(r).toMatchObject({ subject: { reference: 'Patient/p9' }, author: { reference: 'Practitioner/1' } });
  });

  it('reports invalid resources with paths, never values', () => {
    const v = validateResource({ resourceType: 'Patient', id: 'ok', birthDate: 'Jane Doe 12' });
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('birthDate') as string });
    expect(JSON.stringify(v)).not.toContain('Jane');
    expect(validateResource({ resourceType: '<script>', id: 'x' })).toEqual({ ok: false, reason: 'unsupported resourceType script', unsupported: 'script' });
  });
});
