/**
 * Identity verification, held in the main process: the caller's answers are compared here with
 * what is on file (the values never go to the page), the outcome unlocks only what the agent's role
 * needs, and every outcome is written to the audit log. The patient view the page gets is filtered
 * here too, so a masked field is not merely hidden: it is not sent.
 */
import { matches } from '../../../shared/verification/match';
import type { Identifier, Role, Section, VerificationPolicy } from '../../../shared/verification/policy';
import type { CallerCheck, RedFlag, VerificationState } from '../../../shared/verification/state';
import type { PatientSummary, ProxyView } from '../../../shared/domain/patient';
import { ageOn } from '../../../shared/domain/age';
import { CodedError } from '../../../shared/errors';
import type { PatientCache } from '../../cache';
import type { CallerVerification } from '../../../shared/domain/board';

/** Consent scope (FHIR Consent.provision.action text) -> the view sections it opens to a proxy. */
const SCOPE_SECTIONS: Record<string, Section[]> = {
  appointments: ['appointments'],
  billing: ['billing', 'coverage'],
  clinical: ['referrals', 'history'],
};

interface Session {
  caller: CallerCheck;
  results: Partial<Record<Identifier, 'match' | 'mismatch'>>;
  redFlags: Set<RedFlag>;
  status: VerificationState['status'];
}

export class VerificationService {
  private readonly sessions = new Map<string, Session>();
  private readonly settledListeners = new Set<(state: VerificationState) => void>();

  /** The policy's ages of a minor's own confidential care (the wrap-up labels such a minor's contacts). */
  confidentialAges(): { from: number; until: number } {
    return { from: this.policy.representatives.confidentialFromAge, until: this.policy.representatives.adultAge };
  }

  private reported: CallerVerification = 'none';
  private readonly statusListeners = new Set<(status: CallerVerification) => void>();

  /**
   * The current caller's verification as the team-lead board shows it (no patient data): failed if
   * any check failed, verified if one succeeded, unverified while checking, none with no caller.
   */
  callerStatus(): CallerVerification {
    const all = [...this.sessions.values()].map((s) => s.status);
    return all.includes('failed') ? 'failed' : all.includes('verified') ? 'verified' : all.length ? 'unverified' : 'none';
  }

  onStatus(listener: (status: CallerVerification) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private report(): void {
    const now = this.callerStatus();
    if (now === this.reported) return;
    this.reported = now;
    for (const l of this.statusListeners) l(now);
  }

  constructor(
    private readonly cache: PatientCache,
    private readonly policy: VerificationPolicy,
    private readonly actor: string,
    private readonly role: Role,
  ) {}

  /** Told each time a check settles (verified, or failed); practice mode scores from it. */
  onSettled(listener: (state: VerificationState) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  state(patientId: string): VerificationState {
    const s = this.session(patientId);
    const role = this.policy.roles[this.role] ?? [];
    // A proxy sees only what their consent covers (and who the patient is), within the agent's role.
    const c = s.caller;
    const allowed = c.kind === 'self' || c.consent === 'representative' ? role : role.filter((x) => x === 'demographics' || c.scope.some((sc) => SCOPE_SECTIONS[sc]?.includes(x)));
    const visible = s.status === 'verified' ? allowed : [];
    return {
      patientId,
      caller: { ...s.caller },
      status: s.status,
      results: { ...s.results },
      identifiers: [...this.policy.identifiers],
      requiredMatches: this.policy.requiredMatches,
      redFlags: [...s.redFlags],
      recommendation: s.redFlags.size > 0 || s.status === 'failed' ? 'privacyOfficer' : null,
      visibleSections: [...visible],
    };
  }

  check(patientId: string, identifier: Identifier, said: string): VerificationState {
    if (!this.policy.identifiers.includes(identifier)) throw new CodedError('invalidArgument', 'That identifier is not used by the policy');
    const s = this.session(patientId);
    if (s.status === 'failed') throw new CodedError('forbidden', 'Verification failed for this caller: escalate to the privacy officer');
    const p = this.cache.summary(patientId, { actor: this.actor, reason: `identity check: ${identifier}` }).patient;
    const onFile: Record<Identifier, string | null> = {
      name: null, // compared with every name on file below
      birthDate: p.birthDate,
      address: p.address,
      mrn: p.mrn,
      phone: p.phones.find((x) => matches('phone', said, x)) ?? p.phones[0] ?? null,
    };
    const found = identifier === 'name' ? matches('name', said, p.names) : matches(identifier, said, onFile[identifier]);
    s.results[identifier] = found ? 'match' : 'mismatch';
    this.settle(patientId, s);
    this.report();
    return this.state(patientId);
  }

  /**
   * Someone calling for the patient: they must be on file as a RelatedPerson, and be either a personal
   * representative (see `standing`) or named by a Consent that is active and in its period today (what
   * they may hear is then limited to its scope). Anyone else fails the check (and the privacy officer
   * is recommended).
   */
  setCaller(patientId: string, caller: { kind: 'self' } | { kind: 'proxy'; name: string }): VerificationState {
    const s = this.session(patientId);
    if (s.status !== 'unverified') throw new CodedError('forbidden', 'Start over before changing who is calling');
    if (caller.kind === 'self') {
      s.caller = { kind: 'self' };
      return this.state(patientId);
    }
    const { patient, proxies } = this.cache.summary(patientId, { actor: this.actor, reason: 'identity check: who is calling' });
    const proxy = proxies.find((p) => matches('name', caller.name, p.names));
    const age = ageOn(patient.birthDate, new Date());
    const consent = proxy ? this.standing(proxy, age) : 'notOnFile';
    const scope = consent === 'valid' ? [...proxy!.consent!.scope] : [];
    const rules = this.policy.representatives;
    // Sensitive care: a 12-17-year-old's own; for adults, shared only by a representative or a consent that names it.
    const minorsOwn = age !== null && age >= rules.confidentialFromAge && age < rules.adultAge;
    const confidentialHidden = minorsOwn || (consent !== 'representative' && !scope.includes('sensitive'));
    s.caller = { kind: 'proxy', relatedPersonId: proxy?.relatedPersonId ?? null, relationship: proxy?.relationship ?? null, consent, scope, confidentialHidden };
    if (consent !== 'valid' && consent !== 'representative') {
      s.status = 'failed';
      this.cache.recordDisclosure(
        { patientId, decision: 'denied', fields: [], recipient: proxy ? `RelatedPerson/${proxy.relatedPersonId}` : 'caller' },
        { actor: this.actor, reason: `proxy caller refused: consent ${consent}` },
      );
      this.tellSettled(patientId);
    }
    this.report();
    return this.state(patientId);
  }

  /**
   * Where a related person stands: a personal representative (parent of a minor, guardian, power of
   * attorney: no Consent needed), or by their Consent (active and in its period today), or not at all.
   */
  private standing(proxy: ProxyView, age: number | null): Exclude<Extract<CallerCheck, { kind: 'proxy' }>['consent'], 'notOnFile'> {
    const rules = this.policy.representatives;
    const code = proxy.relationshipCode;
    if (code && (rules.anyAge.includes(code) || (age !== null && age < rules.adultAge && rules.parentsOfMinors.includes(code)))) return 'representative';
    const c = proxy.consent;
    if (!c) return 'none';
    const today = new Date().toISOString().slice(0, 10);
    const inPeriod = (!c.periodStart || c.periodStart.slice(0, 10) <= today) && (!c.periodEnd || c.periodEnd.slice(0, 10) >= today);
    return c.status === 'active' && inPeriod ? 'valid' : 'expired';
  }

  flag(patientId: string, flag: RedFlag, on: boolean): VerificationState {
    const s = this.session(patientId);
    if (on) s.redFlags.add(flag);
    else s.redFlags.delete(flag);
    this.cache.recordDisclosure({ patientId, decision: 'denied', fields: [], recipient: 'caller' }, { actor: this.actor, reason: `red flag ${on ? 'raised' : 'cleared'}: ${flag}` });
    return this.state(patientId);
  }

  /** The summary the page may show now: sections outside what verification unlocked are emptied. */
  view(patientId: string): { summary: PatientSummary; verification: VerificationState } {
    const verification = this.state(patientId);
    const full = this.cache.summary(patientId, { actor: this.actor, reason: `patient view (${verification.status}, ${verification.visibleSections.join(' ') || 'masked'})` });
    const see = (x: Section) => verification.visibleSections.includes(x);
    const shareable = <T extends { confidential: boolean }>(items: T[]): T[] =>
      verification.caller.kind === 'proxy' && verification.caller.confidentialHidden ? items.filter((i) => !i.confidential) : items;
    const p = full.patient;
    return {
      verification,
      summary: {
        patient: see('demographics')
          ? p
          : { ...p, mrn: null, birthDate: null, gender: null, phones: [], email: null, address: null, givenName: p.givenName, familyName: p.familyName, names: [] },
        appointments: see('appointments') ? shareable(full.appointments) : [],
        referrals: see('referrals') ? shareable(full.referrals) : [],
        coverage: see('coverage') ? full.coverage : [],
        accounts: see('billing') ? full.accounts : [],
        invoices: see('billing') ? full.invoices : [],
        proxies: see('proxies') ? full.proxies : [],
        flags: full.flags, // special-handling banners are for the agent from the first second
        history: see('history') ? shareable(full.history) : [],
      },
    };
  }

  /** A new call: start over (answers from an earlier call do not carry). */
  reset(): void {
    this.sessions.clear();
    this.report();
  }

  private session(patientId: string): Session {
    let s = this.sessions.get(patientId);
    if (!s) {
      s = { caller: { kind: 'self' }, results: {}, redFlags: new Set(), status: 'unverified' };
      this.sessions.set(patientId, s);
    }
    return s;
  }

  private settle(patientId: string, s: Session): void {
    const values = Object.values(s.results);
    const matched = values.filter((v) => v === 'match').length;
    const mismatched = values.filter((v) => v === 'mismatch').length;
    const before = s.status;
    if (mismatched >= this.policy.maxMismatches) s.status = 'failed';
    else if (matched >= this.policy.requiredMatches) s.status = 'verified';
    if (s.status !== before) {
      const fields = this.state(patientId).visibleSections;
      const recipient = s.caller.kind === 'proxy' && s.caller.relatedPersonId ? `RelatedPerson/${s.caller.relatedPersonId}` : `Patient/${patientId}`;
      this.cache.recordDisclosure(
        { patientId, decision: s.status === 'verified' ? 'granted' : 'denied', fields, recipient },
        { actor: this.actor, reason: `identity ${s.status}: ${matched} matched, ${mismatched} mismatched (${Object.keys(s.results).join(', ')}); caller: ${describeCaller(s.caller)}` },
      );
      this.tellSettled(patientId);
    }
  }

  private tellSettled(patientId: string): void {
    const state = this.state(patientId);
    for (const l of this.settledListeners) l(state);
  }
}

const describeCaller = (c: CallerCheck): string =>
  c.kind === 'self' ? 'the patient' : `proxy, ${c.consent}${c.confidentialHidden ? ', sensitive care withheld' : ''}`;
