/**
 * What the renderer knows about patients: plain serialisable data, produced by the cache
 * (electron/cache) from FHIR R4 resources. Pure TypeScript: no node, no DOM, no electron.
 */
import { z } from 'zod';
import type { NameOnFile } from '../verification/match';

export const PhoneInput = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^[+0-9 ()./-]+$/, 'digits, spaces, + ( ) . - / only');
export const FhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * Who a phone number (or a search) may be, as the page gets it before verification: only what picks
 * the caller (the name; for a number on file for a related person, who they are to the patient).
 * Nothing that verifies (no date of birth, no MRN) and nothing clinical: the type has no room for it.
 */
export interface CallerChoice {
  patientId: string;
  /** Display name of the patient (protected: shown only on the agent's screen, audited). */
  name: string;
  /** How the number matched: the patient's own phone, or a related person's (a proxy, a parent). */
  via: 'patient' | 'relatedPerson';
  relatedPersonId?: string;
  relatedPersonName?: string;
  relationship?: string;
  /** Higher is a better match; results are sorted by it, descending. */
  rank: number;
}

/** Only the fields of a CallerChoice, whatever else the object carries. */
export const toCallerChoice = (m: CallerChoice): CallerChoice => ({
  patientId: m.patientId,
  name: m.name,
  via: m.via,
  ...(m.relatedPersonId !== undefined ? { relatedPersonId: m.relatedPersonId } : {}),
  ...(m.relatedPersonName !== undefined ? { relatedPersonName: m.relatedPersonName } : {}),
  ...(m.relationship !== undefined ? { relationship: m.relationship } : {}),
  rank: m.rank,
});

/** One person a phone number (or a search) matched, as the cache finds it (for the CLI; never sent to the page). */
export interface PatientMatch {
  patientId: string;
  /** Display name of the patient (protected: shown only on the agent's screen, audited). */
  name: string;
  birthDate: string | null;
  mrn: string | null;
  /** How the number matched: the patient's own phone, or a related person's (a proxy, a parent). */
  via: 'patient' | 'relatedPerson';
  relatedPersonId?: string;
  relatedPersonName?: string;
  relationship?: string;
  /** Higher is a better match; results are sorted by it, descending. */
  rank: number;
}

export interface AppointmentView {
  id: string;
  /** The server's version (`meta.versionId`) it was read at: moving or cancelling it needs the server to still hold it. */
  version: string | null;
  status: string;
  start: string | null;
  end: string | null;
  description: string | null;
  serviceType: string | null;
  practitioner: string | null;
  location: string | null;
  /** Sensitive care (FHIR meta.security: restricted, mental health, sexual health, substance use…). */
  confidential: boolean;
}

export interface ReferralView {
  id: string;
  /** The server's version (`meta.versionId`) it was read at; null for one that did not come from a server (an imported file). */
  version: string | null;
  status: string;
  intent: string | null;
  code: string | null;
  authoredOn: string | null;
  requester: string | null;
  performer: string | null;
  /** Sensitive care (FHIR meta.security: restricted, mental health, sexual health, substance use…). */
  confidential: boolean;
}

export interface CoverageView {
  id: string;
  status: string;
  payor: string | null;
  plan: string | null;
  subscriberId: string | null;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface InvoiceView {
  id: string;
  /** The server's version (`meta.versionId`) it was read at; null for one that did not come from a server (an imported file). */
  version: string | null;
  status: string;
  date: string | null;
  totalGross: number | null;
  totalNet: number | null;
  currency: string | null;
}

export interface AccountView {
  id: string;
  status: string;
  name: string | null;
  balance: number | null;
  currency: string | null;
}

export interface ProxyView {
  relatedPersonId: string;
  name: string;
  relationship: string | null;
  /** The relationship as a v3-RoleCode (MTH, FTH, GUARD, HPOWATT…): what the policy reasons on. */
  relationshipCode: string | null;
  phones: string[];
  birthDate: string | null;
  /** The related person's own address on file (what they can be checked on, like their birth date). */
  address: string | null;
  /** Every name this person is on file under (each script, usual…): what a said name is compared with in main. */
  names: NameOnFile[];
  /** Consent on file for this person to act for the patient. */
  consent: {
    consentId: string;
    status: string;
    scope: string[];
    periodStart: string | null;
    periodEnd: string | null;
  } | null;
}

export interface FlagView {
  id: string;
  status: string;
  category: string | null;
  text: string;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface ContactHistoryView {
  id: string;
  kind: 'communication' | 'encounter';
  status: string;
  date: string | null;
  summary: string | null;
  category: string | null;
  /** Sensitive care (FHIR meta.security: restricted, mental health, sexual health, substance use…). */
  confidential: boolean;
  /** For a call saved by Carefront's wrap-up: its disposition code (shown translated). */
  disposition: string | null;
}

export interface PatientSummary {
  patient: {
    id: string;
    mrn: string | null;
    name: string;
    givenName: string | null;
    familyName: string | null;
    birthDate: string | null;
    gender: string | null;
    phones: string[];
    email: string | null;
    address: string | null;
    preferredLanguage: string | null;
    interpreterNeeded: boolean;
    deceased: boolean;
    /**
     * Every name on file (official, usual, other scripts): what the identity check in main compares
     * a said name with. Emptied in what the page receives before verification.
     */
    names: NameOnFile[];
  };
  appointments: AppointmentView[];
  referrals: ReferralView[];
  coverage: CoverageView[];
  accounts: AccountView[];
  invoices: InvoiceView[];
  proxies: ProxyView[];
  flags: FlagView[];
  history: ContactHistoryView[];
}
