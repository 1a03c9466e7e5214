/** The slice of FHIR R4 the cache reads. Resources are kept whole; only these fields are interpreted. */
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

export interface Reference {
  reference?: string;
  display?: string;
}
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Period {
  start?: string;
  end?: string;
}
export interface Money {
  value?: number;
  currency?: string;
}
export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
}
export interface ContactPoint {
  system?: string;
  value?: string;
  use?: string;
  rank?: number;
}
export interface Identifier {
  system?: string;
  value?: string;
  type?: CodeableConcept;
}
export interface Extension {
  url: string;
  valueBoolean?: boolean;
  valueCode?: string;
  valueCodeableConcept?: CodeableConcept;
}

export interface FhirResource {
  resourceType: string;
  id: string;
  [field: string]: unknown;
}

export interface Patient extends FhirResource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender?: string;
  birthDate?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
  address?: { text?: string; line?: string[]; city?: string; postalCode?: string; country?: string }[];
  communication?: { language: CodeableConcept; preferred?: boolean }[];
  extension?: Extension[];
}

export interface RelatedPerson extends FhirResource {
  resourceType: 'RelatedPerson';
  patient: Reference;
  relationship?: CodeableConcept[];
  name?: HumanName[];
  telecom?: ContactPoint[];
  address?: Address[];
  birthDate?: string;
  active?: boolean;
}

export interface Consent extends FhirResource {
  resourceType: 'Consent';
  status: string;
  patient?: Reference;
  scope?: CodeableConcept;
  category?: CodeableConcept[];
  provision?: {
    type?: string;
    period?: Period;
    actor?: { role?: CodeableConcept; reference: Reference }[];
    action?: CodeableConcept[];
    purpose?: Coding[];
  };
}

/** Any resource this cache stores, read by field name (the mapping module narrows each type). */
export type AnyResource = FhirResource & Record<string, unknown>;

export interface Address {
  text?: string;
  line?: string[];
  city?: string;
  postalCode?: string;
  country?: string;
}
