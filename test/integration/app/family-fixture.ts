/**
 * FHIR fixtures for a patient's family: dates of birth by age, and the people related to a patient
 * (RelatedPerson, with a Consent when they have one), as the verification and confidentiality tests
 * import them into a real store.
 */
import type { CodeableConcept, Consent, Reference, RelatedPerson } from 'fhir/r4';

/** A date of birth `n` years (and ten days) ago: the person turned `n` recently. */
export function yearsAgo(n: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - n);
  d.setUTCDate(d.getUTCDate() - 10);
  return d.toISOString().slice(0, 10);
}

/** A relationship (HL7 v3 RoleCode: MTH, FTH, GUARD, SIS…). */
export const role = (code: string): CodeableConcept[] => [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code, display: code.toLowerCase() }] },
];

/** Someone related to the patient: a relationship code, a given name, and what a Consent lets them hear (no Consent without it). */
export interface Relative {
  id: string;
  given: string;
  code: string;
  consentScope?: string[];
}

/**
 * The relative's RelatedPerson (family name and `details` added) and, with a consent scope, an active
 * Consent naming them that permits those actions since 2025-01-01.
 */
export function relatedPeople(subject: Reference, family: string, r: Relative, details: Partial<RelatedPerson> = {}): (RelatedPerson | Consent)[] {
  const person: RelatedPerson = {
    resourceType: 'RelatedPerson',
    id: r.id,
    active: true,
    patient: subject,
    relationship: role(r.code),
    name: [{ family, given: [r.given] }],
    ...details,
  };
  if (!r.consentScope) return [person];
  const consent: Consent = {
    resourceType: 'Consent',
    id: `${r.id}-consent`,
    status: 'active',
    scope: { text: 'patient-privacy' },
    category: [{ text: 'consent' }],
    patient: subject,
    provision: {
      type: 'permit',
      period: { start: '2025-01-01' },
      actor: [{ role: { text: 'AUT' }, reference: { reference: `RelatedPerson/${r.id}` } }],
      action: r.consentScope.map((text) => ({ text })),
    },
  };
  return [person, consent];
}
