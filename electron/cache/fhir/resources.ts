/**
 * The FHIR R4 resources the store reads, from the maintained R4 types (`fhir/r4`), and the narrower
 * types the project derives from them in this one place: a resource the store keeps has passed
 * validation, so it has its `id`. Resources are kept whole; only the fields the mapping reads are
 * interpreted.
 */
import type { Consent as R4Consent, HumanName, Patient as R4Patient, RelatedPerson as R4RelatedPerson } from 'fhir/r4';

export type { Address, CodeableConcept, Coding, ContactPoint, Extension, HumanName, Identifier, Money, Period, Reference } from 'fhir/r4';

/** The resource types the store keeps (others in a file are counted as ignored). */
export const SUPPORTED_RESOURCE_TYPES = [
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
] as const;
export type SupportedResourceType = (typeof SUPPORTED_RESOURCE_TYPES)[number];

/** A resource as the store keeps it: validated, so it has its id. */
export type Stored<T extends { id?: string | undefined }> = T & { id: string };

export type Patient = Stored<R4Patient>;
export type RelatedPerson = Stored<R4RelatedPerson>;
export type Consent = Stored<R4Consent>;

/** Any resource the store keeps, read by field name (the mapping narrows each type it reads). */
export type AnyResource = { resourceType: string; id: string } & Record<string, unknown>;

/** A name as stored data may hold it: a HumanName whose `use` is whatever code the source wrote. */
export type NameOnRecord = Omit<HumanName, 'use'> & { use?: string | undefined };

/** Resources of one type among those the store keeps (their type was checked on import). */
export const ofType = <T extends { resourceType: string }>(resources: readonly AnyResource[], type: T['resourceType']): Stored<T & { id?: string }>[] =>
  resources.filter((r) => r.resourceType === type) as unknown as Stored<T & { id?: string }>[];
