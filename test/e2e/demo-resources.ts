/**
 * The app's demo store as the generator makes it (the same seed, so the same people), read with the
 * app's own FHIR types: the specs pick their callers from it.
 */
import type { ContactPoint, Encounter, HumanName, Patient, RelatedPerson } from 'fhir/r4';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { generateResources } from '../../electron/cache';
import { ofType, type AnyResource } from '../../electron/cache/fhir/resources';

export interface DemoResources {
  all: AnyResource[];
  patients: ReturnType<typeof ofType<Patient>>;
  relatedPeople: ReturnType<typeof ofType<RelatedPerson>>;
  encounters: ReturnType<typeof ofType<Encounter>>;
}

export function demoResources(patients: number, today: string): DemoResources {
  const all = [...generateResources({ patients, today })];
  return {
    all,
    patients: ofType<Patient>(all, 'Patient'),
    relatedPeople: ofType<RelatedPerson>(all, 'RelatedPerson'),
    encounters: ofType<Encounter>(all, 'Encounter'),
  };
}

/** "Given Family" of the first name on file. */
export const fullName = (r: { name?: HumanName[] }): string => `${r.name![0]!.given!.join(' ')} ${r.name![0]!.family}`;

/** A US number's digits with the country code (how the rig's phones are named). */
export const phoneDigits = (phone: string): string => parsePhoneNumberFromString(phone, 'US')!.number.slice(1);

/** The digits of each phone number on file. */
export const phonesOf = (r: { telecom?: ContactPoint[] }): string[] => (r.telecom ?? []).filter((t) => t.system === 'phone').map((t) => phoneDigits(t.value!));
