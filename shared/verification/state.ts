/** Where identity verification stands for one patient on the caller's call, as the renderer sees it. */
import type { Identifier, ProxyIdentifier, Role, Section, StepUpRequest, Strength } from './policy';

export const RED_FLAGS = ['cannotAnswer', 'pressure', 'changeThenDisclose', 'publicInfoOnly'] as const;
export type RedFlag = (typeof RED_FLAGS)[number];

/**
 * One identifier's outcome. 'callerId': a phone number equal to the caller ID the call brought,
 * which proves nothing (it counts neither as a match nor as a mismatch).
 */
export type CheckResult = 'match' | 'mismatch' | 'callerId';

/**
 * Why a section of the patient view is not shown: the desk's role never sees it ('role'), the caller is not
 * verified yet ('verification'), a proxy's consent does not cover it ('consent'), or it waits for the step-up of a
 * high-risk request ('stepUp').
 */
export const HIDDEN_REASONS = ['role', 'verification', 'consent', 'stepUp'] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

/** Whose identifiers are being checked: the patient's, or (for a proxy) the caller's own. */
export const CHECK_SUBJECTS = ['patient', 'caller'] as const;
export type CheckSubject = (typeof CHECK_SUBJECTS)[number];

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

/** How far a set of answers goes: how many matched, how many of them secret, and whether that is enough. */
export interface CheckProgress {
  matched: number;
  secretMatched: number;
  requiredMatches: number;
  requiredSecret: number;
  passed: boolean;
}

export interface VerificationState {
  patientId: string;
  /** The caller's call (interaction id) this check belongs to; null: there is none, and checks are refused. */
  callId: string | null;
  /** The caller's call is up (false during its wrap-up: nothing more can be checked). */
  live: boolean;
  caller: CallerCheck;
  status: 'unverified' | 'verified' | 'failed';
  results: Partial<Record<Identifier, CheckResult>>;
  identifiers: Identifier[];
  strength: Partial<Record<Identifier, Strength>>;
  /** The patient's identifiers: what is needed now (more after a red flag or a step-up request). */
  patientProgress: CheckProgress;
  /** A proxy's own identifiers, checked against their RelatedPerson record (null for the patient). */
  callerCheck: { identifiers: ProxyIdentifier[]; results: Partial<Record<ProxyIdentifier, CheckResult>>; progress: CheckProgress } | null;
  /** The base requirement (the policy's), for the progress line. */
  requiredMatches: number;
  /** Every attempt on this call counts: mismatches so far, and how many fail the check. */
  mismatches: number;
  maxMismatches: number;
  /** High-risk requests the agent asked for, and whether the extra identifier has matched. */
  stepUp: { requests: StepUpRequest[]; available: StepUpRequest[]; required: boolean; passed: boolean };
  redFlags: RedFlag[];
  /** Red flags or a failed verification recommend the privacy officer. */
  recommendation: 'privacyOfficer' | null;
  /** What the agent's role may see now (nothing protected before verification). */
  visibleSections: Section[];
  /** Why each section that is not visible is hidden (every section of the view not in `visibleSections`). */
  hiddenBecause: Partial<Record<Section, HiddenReason>>;
  /** The desk's verification role (what 'role' in `hiddenBecause` refers to). */
  role: Role;
  /** A supervisor lifted a failure on this call (audited). */
  overridden: boolean;
  /** This desk may lift a failure (its verification role is the supervisor's). */
  canOverride: boolean;
}

/** A change of verification, pushed to the page; `state` null: the call's work is over, drop what it unlocked. */
export interface VerificationUpdate {
  callId: string;
  patientId: string | null;
  state: VerificationState | null;
}
