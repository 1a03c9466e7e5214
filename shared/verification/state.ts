/** Where identity verification stands for one patient on this call, as the renderer sees it. */
import type { Identifier, Section } from './policy';

export const RED_FLAGS = ['cannotAnswer', 'pressure', 'changeThenDisclose', 'publicInfoOnly'] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/** Who is on the line: the patient, or someone acting for them (checked against RelatedPerson + Consent). */
export type CallerCheck =
  | { kind: 'self' }
  | {
      kind: 'proxy';
      relatedPersonId: string | null;
      relationship: string | null;
      /** 'representative': a parent of a minor, a guardian or a power of attorney: no Consent needed. */
      consent: 'valid' | 'representative' | 'expired' | 'none' | 'notOnFile';
      scope: string[];
      /** Sensitive care is not shared with this caller (a 12-17-year-old's own, or beyond the consent). */
      confidentialHidden: boolean;
    };

export interface VerificationState {
  patientId: string;
  caller: CallerCheck;
  status: 'unverified' | 'verified' | 'failed';
  results: Partial<Record<Identifier, 'match' | 'mismatch'>>;
  identifiers: Identifier[];
  requiredMatches: number;
  redFlags: RedFlag[];
  /** Red flags or a failed verification recommend the privacy officer. */
  recommendation: 'privacyOfficer' | null;
  /** What the agent's role may see now (nothing protected before verification). */
  visibleSections: Section[];
}
