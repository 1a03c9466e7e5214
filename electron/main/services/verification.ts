/**
 * Identity verification, held in the main process: the caller's answers are compared here with
 * what is on file (the values never go to the page), the outcome unlocks only what the agent's role
 * needs, and every outcome is written to the audit log. The patient view the page gets is filtered
 * here too, so a masked field is not merely hidden: it is not sent.
 */
import { matches } from '../../../shared/verification/match';
import type { Identifier, Role, Section, VerificationPolicy } from '../../../shared/verification/policy';
import type { RedFlag, VerificationState } from '../../../shared/verification/state';
import type { PatientSummary } from '../../../shared/domain/patient';
import { CodedError } from '../../../shared/errors';
import type { PatientCache } from '../../cache';

interface Session {
  results: Partial<Record<Identifier, 'match' | 'mismatch'>>;
  redFlags: Set<RedFlag>;
  status: VerificationState['status'];
}

export class VerificationService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly cache: PatientCache,
    private readonly policy: VerificationPolicy,
    private readonly actor: string,
    private readonly role: Role,
  ) {}

  state(patientId: string): VerificationState {
    const s = this.session(patientId);
    const visible = s.status === 'verified' ? (this.policy.roles[this.role] ?? []) : [];
    return {
      patientId,
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
      name: p.name,
      birthDate: p.birthDate,
      address: p.address,
      mrn: p.mrn,
      phone: p.phones.find((x) => matches('phone', said, x)) ?? p.phones[0] ?? null,
    };
    s.results[identifier] = matches(identifier, said, onFile[identifier]) ? 'match' : 'mismatch';
    this.settle(patientId, s);
    return this.state(patientId);
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
    const p = full.patient;
    return {
      verification,
      summary: {
        patient: see('demographics')
          ? p
          : { ...p, mrn: null, birthDate: null, gender: null, phones: [], email: null, address: null, givenName: p.givenName, familyName: p.familyName },
        appointments: see('appointments') ? full.appointments : [],
        referrals: see('referrals') ? full.referrals : [],
        coverage: see('coverage') ? full.coverage : [],
        accounts: see('billing') ? full.accounts : [],
        invoices: see('billing') ? full.invoices : [],
        proxies: see('proxies') ? full.proxies : [],
        flags: full.flags, // special-handling banners are for the agent from the first second
        history: see('history') ? full.history : [],
      },
    };
  }

  /** A new call: start over (answers from an earlier call do not carry). */
  reset(): void {
    this.sessions.clear();
  }

  private session(patientId: string): Session {
    let s = this.sessions.get(patientId);
    if (!s) {
      s = { results: {}, redFlags: new Set(), status: 'unverified' };
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
      const fields = s.status === 'verified' ? [...(this.policy.roles[this.role] ?? [])] : [];
      this.cache.recordDisclosure(
        { patientId, decision: s.status === 'verified' ? 'granted' : 'denied', fields, recipient: 'caller' },
        { actor: this.actor, reason: `identity ${s.status}: ${matched} matched, ${mismatched} mismatched (${Object.keys(s.results).join(', ')})` },
      );
    }
  }
}
