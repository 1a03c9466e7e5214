/**
 * Identity verification, held in the main process and owned by the caller's call: the caller's
 * answers are compared here with what is on file (the values never go to the page), every attempt on
 * the call counts, the outcome unlocks only what the agent's role needs, and every outcome is written
 * to the audit log. The patient view the page gets is filtered here too, so a masked field is not
 * merely hidden: it is not sent. Every change is pushed to the page (`verification.updated`).
 *
 * A caller's call is an inbound call that rang in with a screen pop (not a lead's monitoring leg, not
 * an escalation's consult leg). Only the end of that call ends its checks, and only the end of its
 * work (the wrap-up saved, the agent available again, or the next caller ringing) drops what it
 * unlocked.
 */
import { matches, type NameOnFile } from '../../../shared/verification/match';
import {
  PROXY_IDENTIFIERS,
  SECTIONS,
  STEP_UP_REQUESTS,
  type Identifier,
  type ProxyIdentifier,
  type Role,
  type Section,
  type StepUpRequest,
  type VerificationPolicy,
} from '../../../shared/verification/policy';
import type {
  CallerCheck,
  CheckProgress,
  CheckResult,
  CheckSubject,
  HiddenReason,
  RedFlag,
  VerificationState,
  VerificationUpdate,
} from '../../../shared/verification/state';
import type { PatientSummary, ProxyView } from '../../../shared/domain/patient';
import type { CallView } from '../../../shared/domain/call';
import { ageOn } from '../../../shared/domain/age';
import { CodedError } from '../../../shared/errors';
import type { AuditRepository } from '../../cache/repositories/audit';
import type { PatientRepository } from '../../cache/repositories/patients';
import type { CallerVerification } from '../../../shared/domain/board';
import type { HandoffFacts } from '../../../shared/handoff/handoff';
import { must } from '../../../shared/must';

/** What an identifier is compared with: a value on file, every name on file, or nothing. */
type OnFile = string | readonly NameOnFile[] | null;

/** Consent scope (FHIR Consent.provision.action text) -> the view sections it opens to a proxy. */
const SCOPE_SECTIONS: Record<string, Section[]> = {
  appointments: ['appointments'],
  billing: ['billing', 'coverage'],
  clinical: ['referrals', 'history'],
};

/** One patient's check on a caller's call. */
interface PatientCheck {
  caller: CallerCheck;
  /** The RelatedPerson on file a proxy said they are (their own identifiers are checked against it). */
  proxy: ProxyView | null;
  results: Partial<Record<Identifier, CheckResult>>;
  callerResults: Partial<Record<ProxyIdentifier, CheckResult>>;
  stepUps: Set<StepUpRequest>;
  status: VerificationState['status'];
  /** When this patient was last verified on the call (a hand-off carries it to the next desk). */
  verifiedAt: string | null;
  /** Matches handed over by another desk (not checked here): a check on this desk replaces one. */
  seeded: Set<Identifier>;
  /** The policy asks this desk to re-check one secret identifier of a handed-over caller before the record opens. */
  recheck: boolean;
}

/** A patient's check before anything is said (a new caller keeps the status the call had reached). */
const freshCheck = (status: VerificationState['status'] = 'unverified'): PatientCheck => ({
  caller: { kind: 'self' },
  proxy: null,
  results: {},
  callerResults: {},
  stepUps: new Set(),
  status,
  verifiedAt: null,
  seeded: new Set(),
  recheck: false,
});

/** The caller's call: every check on it, and what counts for the whole call. */
interface CallerCall {
  callId: string;
  /** The caller ID (digits as received): a phone identifier equal to it proves nothing. */
  callerNumber: string | null;
  answered: boolean;
  live: boolean;
  /** On hold (the agent is talking to someone else: another caller, a colleague). */
  held: boolean;
  /** Every mismatch on this call, whoever was being checked; at the policy's maximum the call fails. */
  mismatches: number;
  failed: boolean;
  overridden: boolean;
  redFlags: Set<RedFlag>;
  /** A red flag was raised on this call: step-up stays required for the rest of it, even once cleared. */
  flagged: boolean;
  patients: Map<string, PatientCheck>;
}

export class VerificationService {
  private readonly calls = new Map<string, CallerCall>();
  private readonly settledListeners = new Set<(state: VerificationState) => void>();
  private readonly flagListeners = new Set<(state: VerificationState) => void>();

  /** The policy's ages of a minor's own confidential care (the wrap-up labels such a minor's contacts). */
  confidentialAges(): { from: number; until: number } {
    return { from: this.policy.representatives.confidentialFromAge, until: this.policy.representatives.adultAge };
  }

  private reported: CallerVerification = 'none';
  private readonly statusListeners = new Set<(status: CallerVerification) => void>();

  constructor(
    private readonly patients: PatientRepository,
    private readonly audit: AuditRepository,
    private readonly policy: VerificationPolicy,
    /** Who is at the desk now: the actor of the audit rows, and their verification role. */
    private readonly actorOf: () => string,
    private readonly roleOf: () => Role,
    /** Every change of verification goes to the page through here. */
    private readonly push: (update: VerificationUpdate) => void = () => undefined,
  ) {}

  // --- The caller's call ---

  /** A caller's call rang in (the screen pop): the work of calls that have ended is over. */
  callRang(call: CallView): void {
    if (call.monitor || call.direction !== 'inbound' || this.calls.has(call.id)) return;
    for (const c of [...this.calls.values()]) if (!c.live) this.finish(c.callId);
    this.calls.set(call.id, {
      callId: call.id,
      callerNumber: call.remote.e164 ?? (/^\+?\d{7,15}$/.test(call.remote.user) ? call.remote.user : null),
      answered: call.answeredAt !== null,
      live: call.state !== 'ended',
      held: call.state === 'held',
      mismatches: 0,
      failed: false,
      overridden: false,
      redFlags: new Set(),
      flagged: false,
      patients: new Map(),
    });
    this.report();
  }

  /** Any call changed: only a caller's own call moves its checks (answered, ended); other legs never do. */
  callUpdated(call: CallView): void {
    const c = this.calls.get(call.id);
    if (!c) return;
    const answered = c.answered || call.answeredAt !== null;
    const live = call.state !== 'ended';
    const held = call.state === 'held';
    if (answered === c.answered && live === c.live && held === c.held) return;
    c.answered = answered;
    c.live = live;
    c.held = held;
    if (!live && !answered) this.finish(c.callId); // never answered: there was no work
    // The page follows the call the agent is now working on (this one, or another caller's it left for).
    const focus = this.focus();
    if (focus) this.pushCall(focus);
    this.report();
  }

  /** The work of ended calls is done (wrap-up saved, the agent available again): drop what they unlocked. */
  workDone(callId?: string | null): void {
    for (const c of [...this.calls.values()]) if (!c.live && (!callId || c.callId === callId)) this.finish(c.callId);
  }

  /**
   * Someone else is at the desk now, or nobody: what the calls' checks unlocked was the previous user's. The work
   * of ended calls is dropped, and a live caller's checks start over (the next user checks the caller again).
   */
  deskUserChanged(): void {
    this.workDone();
    for (const c of this.calls.values()) {
      for (const [patientId, p] of c.patients) c.patients.set(patientId, freshCheck(p.status));
      this.settleAll(c);
      this.pushCall(c);
    }
    this.report();
  }

  private finish(callId: string): void {
    const c = this.calls.get(callId);
    if (!c) return;
    this.calls.delete(callId);
    this.push({ callId, patientId: null, state: null });
    this.report();
  }

  /**
   * The call the agent's checks and view belong to: the caller's call the agent is talking to (the
   * latest connected one not on hold), else one on hold, else one ringing, else the one in wrap-up.
   */
  private focus(): CallerCall | null {
    const all = [...this.calls.values()].reverse();
    return all.find((c) => c.live && c.answered && !c.held) ?? all.find((c) => c.live && c.answered) ?? all.find((c) => c.live) ?? all[0] ?? null;
  }

  /** A check needs a live caller's call: the caller on the line is who it is about. */
  private liveCall(): CallerCall {
    const c = this.focus();
    if (!c || !c.live || !c.answered) throw new CodedError('noCallerCall', 'Identity can be checked only on a caller’s call that is connected');
    return c;
  }

  // --- The team-lead board ---

  /** The caller's verification as the team-lead board shows it (no patient data): it follows the caller's call. */
  callerStatus(): CallerVerification {
    const c = this.focus();
    if (!c || !c.live) return 'none';
    if (c.failed) return 'failed';
    const all = [...c.patients.values()].map((p) => this.statusOf(c, p));
    return all.includes('verified') ? 'verified' : all.length || c.mismatches ? 'unverified' : 'none';
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

  /** Told each time a check settles (verified, or failed); practice mode scores from it. */
  onSettled(listener: (state: VerificationState) => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  /** Told each time a red flag is raised or cleared; practice mode scores from it. */
  onRedFlags(listener: (state: VerificationState) => void): () => void {
    this.flagListeners.add(listener);
    return () => this.flagListeners.delete(listener);
  }

  // --- Where a check stands ---

  private progress(results: Partial<Record<Identifier, CheckResult>>, extra: number): CheckProgress {
    const matched = Object.entries(results)
      .filter(([, r]) => r === 'match')
      .map(([id]) => id as Identifier);
    const secretMatched = matched.filter((id) => this.policy.strength[id] === 'secret').length;
    const requiredMatches = this.policy.requiredMatches + extra;
    const requiredSecret = this.policy.requiredSecret;
    return {
      matched: matched.length,
      secretMatched,
      requiredMatches,
      requiredSecret,
      passed: matched.length >= requiredMatches && secretMatched >= requiredSecret,
    };
  }

  /** A red flag raises the bar for everything; a step-up request for what it covers. */
  private extraFor(c: CallerCall): { base: number; stepUp: number } {
    const extra = this.policy.stepUp.extraMatches;
    return { base: c.flagged ? extra : 0, stepUp: extra };
  }

  private callerProgress(p: PatientCheck): CheckProgress | null {
    return p.caller.kind === 'proxy' ? this.progress(p.callerResults, 0) : null;
  }

  private statusOf(c: CallerCall, p: PatientCheck): VerificationState['status'] {
    if (c.failed) return 'failed';
    const { base } = this.extraFor(c);
    const caller = this.callerProgress(p);
    return this.progress(p.results, base).passed && (!caller || caller.passed) && (!p.recheck || this.rechecked(p)) ? 'verified' : 'unverified';
  }

  /** A secret identifier matched on this desk (not one handed over). */
  private rechecked(p: PatientCheck): boolean {
    return Object.entries(p.results).some(([id, r]) => r === 'match' && this.policy.strength[id as Identifier] === 'secret' && !p.seeded.has(id as Identifier));
  }

  // --- Hand-offs between desks ---

  /** What this desk established about a patient on the caller's call, for a hand-off (kinds of identifiers, never values). */
  handoffFacts(callId: string, patientId: string): HandoffFacts['verification'] & { caller: HandoffFacts['caller'] } {
    const c = this.calls.get(callId);
    if (!c) throw new CodedError('noCallerCall', 'That call is not a caller’s call on this desk');
    const p = c.patients.get(patientId);
    const status = p ? this.statusOf(c, p) : c.failed ? 'failed' : 'unverified';
    const matched = p
      ? (Object.entries(p.results)
          .filter(([, r]) => r === 'match')
          .map(([id]) => id) as Identifier[])
      : [];
    const caller: HandoffFacts['caller'] = p?.caller.kind === 'proxy' ? { kind: 'proxy', relatedPersonId: p.caller.relatedPersonId } : { kind: 'self' };
    return { status, matched, verifiedAt: status === 'verified' ? (p?.verifiedAt ?? null) : null, caller };
  }

  /**
   * A caller handed over by another desk whose record this desk trusted: the call starts where the sender left it
   * (the matches they made count here, a failure stays a failure); with `recheck`, one secret identifier must match
   * on this desk before the record opens. Only a patient who called for themselves is carried over; someone calling
   * for the patient proves who they are again (their standing is decided on this desk).
   */
  seedFromHandoff(
    callId: string,
    patientId: string,
    handed: HandoffFacts['verification'],
    caller: HandoffFacts['caller'],
    recheck: boolean,
  ): VerificationState {
    const c = this.calls.get(callId);
    if (!c) throw new CodedError('noCallerCall', 'That call is not a caller’s call on this desk');
    const p = this.patientCheck(c, patientId);
    if (handed.status === 'failed') c.failed = true;
    else if (caller.kind === 'self') {
      const usable = handed.matched.filter((id) => this.policy.identifiers.includes(id));
      for (const id of usable) {
        p.results[id] = 'match';
        p.seeded.add(id);
      }
      p.recheck = recheck && usable.length > 0;
    }
    return this.changed(c, patientId);
  }

  private proxyIdentifiers(): ProxyIdentifier[] {
    return PROXY_IDENTIFIERS.filter((i) => this.policy.identifiers.includes(i));
  }

  private static readonly NO_CHECK: PatientCheck = freshCheck();

  state(patientId: string): VerificationState {
    const c = this.focus();
    const p = c?.patients.get(patientId) ?? VerificationService.NO_CHECK;
    const status = c ? this.statusOf(c, p) : 'unverified';
    const redFlags = c ? [...c.redFlags] : [];
    const role = this.policy.roles[this.roleOf()];
    // A proxy sees only what their consent covers (and who the patient is), within the agent's role.
    const who = p.caller;
    const allowed =
      who.kind === 'self' || who.consent === 'representative'
        ? role
        : role.filter((x) => x === 'demographics' || who.scope.some((sc) => SCOPE_SECTIONS[sc]?.includes(x)));
    const extra = c ? this.extraFor(c) : { base: 0, stepUp: this.policy.stepUp.extraMatches };
    const stepUpPassed = this.progress(p.results, extra.stepUp).passed;
    // Sections a high-risk request covers open only once its step-up has passed.
    const gated = new Set(Object.values(this.policy.stepUp.requests).flat());
    const visible = status === 'verified' ? allowed.filter((x) => !gated.has(x) || stepUpPassed) : [];
    const hiddenBecause = Object.fromEntries(
      SECTIONS.filter((x) => !visible.includes(x)).map((x): [Section, HiddenReason] => [
        x,
        !role.includes(x) ? 'role' : !allowed.includes(x) ? 'consent' : status !== 'verified' ? 'verification' : 'stepUp',
      ]),
    );
    const patientProgress = this.progress(p.results, p.stepUps.size ? Math.max(extra.base, extra.stepUp) : extra.base);
    const callerProgress = this.callerProgress(p);
    return {
      patientId,
      callId: c?.callId ?? null,
      live: !!c?.live && c.answered,
      caller: { ...p.caller },
      status,
      results: { ...p.results },
      identifiers: [...this.policy.identifiers],
      strength: { ...this.policy.strength },
      patientProgress,
      callerCheck: callerProgress ? { identifiers: this.proxyIdentifiers(), results: { ...p.callerResults }, progress: callerProgress } : null,
      requiredMatches: this.policy.requiredMatches,
      mismatches: c?.mismatches ?? 0,
      maxMismatches: this.policy.maxMismatches,
      stepUp: {
        requests: [...p.stepUps],
        available: STEP_UP_REQUESTS.filter((r) => this.policy.stepUp.requests[r] !== undefined),
        required: p.stepUps.size > 0 || !!c?.flagged || visible.length < allowed.length,
        passed: stepUpPassed,
      },
      redFlags,
      recommendation: redFlags.length > 0 || status === 'failed' ? 'privacyOfficer' : null,
      visibleSections: [...visible],
      hiddenBecause,
      role: this.roleOf(),
      overridden: c?.overridden ?? false,
      canOverride: this.roleOf() === 'supervisor',
    };
  }

  private patientCheck(c: CallerCall, patientId: string): PatientCheck {
    let p = c.patients.get(patientId);
    if (!p) {
      p = freshCheck();
      c.patients.set(patientId, p);
    }
    return p;
  }

  /** Pushes the state of every patient checked on the call (a change that concerns the whole call). */
  private pushCall(c: CallerCall): void {
    if (this.focus() !== c) return;
    for (const patientId of c.patients.keys()) this.push({ callId: c.callId, patientId, state: this.state(patientId) });
  }

  private changed(c: CallerCall, patientId: string): VerificationState {
    this.settleAll(c);
    this.report();
    this.pushCall(c); // a check can change every patient's state on the call (a failure, a red flag)
    return this.state(patientId);
  }

  // --- What the agent does ---

  /**
   * What the caller said for one identifier: the patient's (subject 'patient') or, for a proxy, their
   * own on their RelatedPerson record (subject 'caller'). Every mismatch counts for the call; a phone
   * equal to the caller ID counts for nothing.
   */
  check(patientId: string, identifier: Identifier, said: string, subject: CheckSubject = 'patient'): VerificationState {
    if (!this.policy.identifiers.includes(identifier)) throw new CodedError('invalidArgument', 'That identifier is not used by the policy');
    const c = this.liveCall();
    if (c.failed) throw new CodedError('forbidden', 'Verification failed on this call: escalate to the privacy officer');
    const p = this.patientCheck(c, patientId);
    let result: CheckResult;
    if (identifier === 'phone' && c.callerNumber && matches('phone', said, c.callerNumber)) result = 'callerId';
    else if (subject === 'caller') {
      if (p.caller.kind !== 'proxy' || !p.proxy) throw new CodedError('invalidArgument', 'Only a caller on file as a related person is checked as themselves');
      if (!(PROXY_IDENTIFIERS as readonly string[]).includes(identifier))
        throw new CodedError('invalidArgument', 'That identifier is not on a related person’s record');
      this.patients.summary(patientId, { actor: this.actorOf(), reason: `identity check of the caller (related person): ${identifier}` });
      result = matches(identifier, said, onFileOrRefuse(this.proxyOnFile(p.proxy, identifier as ProxyIdentifier, said))) ? 'match' : 'mismatch';
    } else {
      const full = this.patients.summary(patientId, { actor: this.actorOf(), reason: `identity check: ${identifier}` });
      result = matches(identifier, said, onFileOrRefuse(this.patientOnFile(full, identifier, said))) ? 'match' : 'mismatch';
    }
    if (subject === 'caller') p.callerResults[identifier as ProxyIdentifier] = result;
    else {
      p.results[identifier] = result;
      p.seeded.delete(identifier);
    }
    if (result === 'mismatch') c.mismatches++;
    if (c.mismatches >= this.policy.maxMismatches) c.failed = true;
    return this.changed(c, patientId);
  }

  private patientOnFile(full: PatientSummary, identifier: Identifier, said: string): OnFile {
    const p = full.patient;
    switch (identifier) {
      case 'name':
        return p.names.length ? p.names : null; // every name on file: each script, usual, maiden
      case 'birthDate':
        return p.birthDate;
      case 'address':
        return p.address;
      case 'mrn':
        return p.mrn;
      case 'phone':
        return oneOnFile('phone', said, p.phones);
      case 'memberId':
        return oneOnFile(
          'memberId',
          said,
          full.coverage.map((cv) => cv.subscriberId).filter((x): x is string => !!x),
        );
    }
  }

  private proxyOnFile(rp: ProxyView, identifier: ProxyIdentifier, said: string): OnFile {
    switch (identifier) {
      case 'name':
        return rp.names.length ? rp.names : null;
      case 'birthDate':
        return rp.birthDate;
      case 'address':
        return rp.address;
      case 'phone':
        return oneOnFile('phone', said, rp.phones);
    }
  }

  /**
   * Someone calling for the patient: they must be on file as a RelatedPerson, and be either a personal
   * representative (see `standing`) or named by a Consent that is active and in its period today (what
   * they may hear is then limited to its scope); then they prove who they are on their own record as
   * well as the patient's identifiers. Anyone else fails the check for the call.
   */
  setCaller(patientId: string, caller: { kind: 'self' } | { kind: 'proxy'; name: string }): VerificationState {
    const c = this.liveCall();
    if (c.failed) throw new CodedError('forbidden', 'Verification failed on this call: escalate to the privacy officer');
    const s = this.patientCheck(c, patientId);
    if (this.statusOf(c, s) !== 'unverified') throw new CodedError('forbidden', 'Start over before changing who is calling');
    if (caller.kind === 'self') {
      s.caller = { kind: 'self' };
      s.proxy = null;
      s.callerResults = {};
      return this.changed(c, patientId);
    }
    const { patient, proxies } = this.patients.summary(patientId, { actor: this.actorOf(), reason: 'identity check: who is calling' });
    const proxy = proxies.find((p) => matches('name', caller.name, p.names));
    const age = ageOn(patient.birthDate, new Date());
    const consent = proxy ? this.standing(proxy, age) : 'notOnFile';
    const scope = consent === 'valid' ? [...must(proxy?.consent, 'the consent that makes the standing valid').scope] : [];
    const rules = this.policy.representatives;
    // Sensitive care: a 12-17-year-old's own; for adults, shared only by a representative or a consent that names it.
    const minorsOwn = age !== null && age >= rules.confidentialFromAge && age < rules.adultAge;
    const confidentialHidden = minorsOwn || (consent !== 'representative' && !scope.includes('sensitive'));
    s.caller = {
      kind: 'proxy',
      relatedPersonId: proxy?.relatedPersonId ?? null,
      relationship: proxy?.relationship ?? null,
      consent,
      scope,
      confidentialHidden,
    };
    s.proxy = proxy ?? null;
    // The name they gave is theirs on file (a public identifier: the rest must still be proved).
    s.callerResults = proxy && this.policy.identifiers.includes('name') ? { name: 'match' } : {};
    if (consent !== 'valid' && consent !== 'representative') {
      c.failed = true;
      this.audit.recordDisclosure(
        { patientId, decision: 'denied', fields: [], recipient: proxy ? `RelatedPerson/${proxy.relatedPersonId}` : 'caller' },
        { actor: this.actorOf(), reason: `proxy caller refused: consent ${consent}` },
      );
    }
    return this.changed(c, patientId);
  }

  /**
   * Where a related person stands: a personal representative (parent of a minor, guardian, power of
   * attorney: no Consent needed), or by their Consent (active and in its period today), or not at all.
   */
  private standing(proxy: ProxyView, age: number | null): Exclude<Extract<CallerCheck, { kind: 'proxy' }>['consent'], 'notOnFile'> {
    const rules = this.policy.representatives;
    const code = proxy.relationshipCode;
    if (code && (rules.anyAge.includes(code) || (age !== null && age < rules.adultAge && rules.parentsOfMinors.includes(code)))) return 'representative';
    const cs = proxy.consent;
    if (!cs) return 'none';
    const today = new Date().toISOString().slice(0, 10);
    const inPeriod = (!cs.periodStart || cs.periodStart.slice(0, 10) <= today) && (!cs.periodEnd || cs.periodEnd.slice(0, 10) >= today);
    return cs.status === 'active' && inPeriod ? 'valid' : 'expired';
  }

  /** A red flag is about the caller on this call: once one is raised, nothing opens without step-up. */
  flag(patientId: string, flag: RedFlag, on: boolean): VerificationState {
    const c = this.liveCall();
    this.patientCheck(c, patientId);
    if (on) {
      c.redFlags.add(flag);
      c.flagged = true;
    } else c.redFlags.delete(flag);
    this.audit.recordDisclosure(
      { patientId, decision: 'denied', fields: [], recipient: 'caller' },
      { actor: this.actorOf(), reason: `red flag ${on ? 'raised' : 'cleared'}: ${flag}` },
    );
    const state = this.changed(c, patientId);
    for (const l of this.flagListeners) l(state);
    return state;
  }

  /** The caller asks for something high-risk: one more identifier before it opens. */
  requestStepUp(patientId: string, request: StepUpRequest): VerificationState {
    if (this.policy.stepUp.requests[request] === undefined) throw new CodedError('invalidArgument', 'That request needs no step-up under the policy');
    const c = this.liveCall();
    const p = this.patientCheck(c, patientId);
    p.stepUps.add(request);
    this.audit.recordDisclosure(
      { patientId, decision: 'denied', fields: [], recipient: 'caller' },
      { actor: this.actorOf(), reason: `step-up requested: ${request}` },
    );
    return this.changed(c, patientId);
  }

  /** Refuses a high-risk action unless its step-up has passed on the caller's live call. */
  authorise(patientId: string, request: StepUpRequest): void {
    const st = this.state(patientId);
    if (!st.live || st.status !== 'verified' || !st.stepUp.passed) throw new CodedError('notVerified', `Step-up is needed before ${request}`);
  }

  /**
   * Refuses unless the caller on the agent's live call is verified for the patient with `section` unlocked (what an
   * action on that section, such as booking an appointment, needs).
   */
  requireSection(patientId: string, section: Section): void {
    const st = this.state(patientId);
    if (!st.live || st.status !== 'verified' || !st.visibleSections.includes(section))
      throw new CodedError('notVerified', `The caller is not verified for ${section} on this call`);
  }

  /**
   * A new caller on the same call (the phone handed over): their answers start again. What counts for
   * the call stays: its mismatches, its failure, its red flags.
   */
  startOver(): void {
    const c = this.liveCall();
    for (const [patientId, p] of c.patients) c.patients.set(patientId, freshCheck(p.status));
    this.settleAll(c);
    this.pushCall(c);
    this.report();
  }

  /**
   * A supervisor lifts a failure on the call: allowed only on a desk whose verification role is the
   * supervisor's, with a reason, and audited for every patient checked on the call.
   */
  override(reason: string): void {
    if (this.roleOf() !== 'supervisor') throw new CodedError('forbidden', 'Only a supervisor’s desk may lift a failed verification');
    const c = this.liveCall();
    if (!c.failed) throw new CodedError('invalidArgument', 'Verification has not failed on this call');
    c.failed = false;
    c.mismatches = 0;
    c.overridden = true;
    for (const [patientId, p] of c.patients) {
      this.audit.recordDisclosure(
        { patientId, decision: 'denied', fields: [], recipient: 'caller' },
        { actor: this.actorOf(), reason: `supervisor override of a failed verification: ${reason}` },
      );
      p.results = {};
      p.callerResults = {};
      p.status = 'unverified';
    }
    this.pushCall(c);
    this.report();
  }

  /** The summary the page may show now: sections outside what verification unlocked are emptied. */
  view(patientId: string): { summary: PatientSummary; verification: VerificationState } {
    // A patient opened on a caller's call is checked on it: its changes (answered, ended) reach the page.
    const c = this.focus();
    if (c?.live && !c.patients.has(patientId)) {
      this.patientCheck(c, patientId);
      this.report();
    }
    const verification = this.state(patientId);
    const full = this.patients.summary(patientId, {
      actor: this.actorOf(),
      reason: `patient view (${verification.status}, ${verification.visibleSections.join(' ') || 'masked'})`,
    });
    const see = (x: Section) => verification.visibleSections.includes(x);
    const shareable = <T extends { confidential: boolean }>(items: T[]): T[] =>
      verification.caller.kind === 'proxy' && verification.caller.confidentialHidden ? items.filter((i) => !i.confidential) : items;
    const p = full.patient;
    const handling = new Set(this.policy.flagsBeforeVerification);
    return {
      verification,
      summary: {
        patient: see('demographics')
          ? p
          : {
              ...p,
              mrn: null,
              birthDate: null,
              gender: null,
              phones: [],
              email: null,
              address: null,
              deceased: false,
              givenName: p.givenName,
              familyName: p.familyName,
              names: [],
            },
        appointments: see('appointments') ? shareable(full.appointments) : [],
        referrals: see('referrals') ? shareable(full.referrals) : [],
        coverage: see('coverage') ? full.coverage : [],
        accounts: see('billing') ? full.accounts : [],
        invoices: see('billing') ? full.invoices : [],
        proxies: see('proxies') ? full.proxies : [],
        // How to handle the call (e.g. a safety warning) from the first second; clinical flags after verification.
        flags: verification.status === 'verified' ? full.flags : full.flags.filter((f) => f.category !== null && handling.has(f.category)),
        history: see('history') ? shareable(full.history) : [],
      },
    };
  }

  /** Records each patient's status change on the call (audited; practice mode is told). */
  private settleAll(c: CallerCall): void {
    for (const [patientId, p] of c.patients) {
      const now = this.statusOf(c, p);
      if (now === p.status) continue;
      const before = p.status;
      p.status = now;
      if (now === 'verified') p.verifiedAt = new Date().toISOString();
      const progress = this.progress(p.results, 0);
      const fields = this.state(patientId).visibleSections;
      const recipient = p.caller.kind === 'proxy' && p.caller.relatedPersonId ? `RelatedPerson/${p.caller.relatedPersonId}` : `Patient/${patientId}`;
      const what = now === 'unverified' && before === 'verified' ? 'identity withdrawn (red flag or new caller)' : `identity ${now}`;
      this.audit.recordDisclosure(
        { patientId, decision: now === 'verified' ? 'granted' : 'denied', fields, recipient },
        {
          actor: this.actorOf(),
          reason: `${what}: ${progress.matched} matched (${progress.secretMatched} secret), ${c.mismatches} mismatched on the call (${Object.keys(p.results).join(', ')}); caller: ${describeCaller(p.caller)}`,
        },
      );
      if (now !== 'unverified') {
        const state = this.state(patientId);
        for (const l of this.settledListeners) l(state);
      }
    }
  }
}

/** Of several values on file (phones, member ids), the one that matches what was said, else the first. */
function oneOnFile(identifier: Identifier, said: string, values: readonly string[]): string | null {
  return values.find((x) => matches(identifier, said, x)) ?? values[0] ?? null;
}

/** Nothing on file to compare with is not the caller's mismatch: the agent asks for another identifier. */
function onFileOrRefuse(value: OnFile): NonNullable<OnFile> {
  if (!value) throw new CodedError('notFound', 'Nothing on file for that identifier: ask for another one');
  return value;
}

const describeCaller = (c: CallerCheck): string =>
  c.kind === 'self' ? 'the patient' : `proxy, ${c.consent}${c.confidentialHidden ? ', sensitive care withheld' : ''}`;
