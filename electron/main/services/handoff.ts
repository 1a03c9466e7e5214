/**
 * Context that travels with the call. Sending desk: before an escalation rings its target, what this desk
 * established about the caller (who is calling, how and when they were verified — the kinds of identifiers, never
 * their values — the reason and the agent's notes) is written to the site's FHIR server as a hand-off record,
 * through the outbox, and its id goes in the consult INVITE. Receiving desk: a call carrying a hand-off id is
 * matched to its record, read from the server by that id, and trusted only when
 * - the server holds exactly one well-formed record with that id,
 * - the server stored it recently (its own `meta.lastUpdated`, within the policy's `maxAgeMinutes`),
 * - its sender is the SIP user the SIP server asserted placed the call (never a header the caller wrote).
 * Trusted: the same patient pops, the call's verification starts where the sender left it (with a secret
 * re-check when the policy asks), and the page shows who verified the caller, when, how, why, and the notes.
 * Not trusted: the call stays an ordinary call and the agent is told the hand-off could not be confirmed.
 * Both sides are audited: the record written, the record accepted or refused (and why).
 */
import { randomUUID } from 'node:crypto';
import type { Escalation, EscalationReason } from '../../../shared/escalation/targets';
import type { HandoffFacts, HandoffRefusal, HandoffView } from '../../../shared/handoff/handoff';
import { HANDOFF_DEFAULTS, type VerificationPolicy } from '../../../shared/verification/policy';
import type { AuditRepository } from '../../cache/repositories/audit';
import type { PatientRepository } from '../../cache/repositories/patients';
import { handoffFromServer, handoffWrite } from '../../ehr/handoff-mapping';
import type { WriteBack } from '../../ehr/write-back';
import { safeLog } from '../safe-log';
import type { VerificationService } from './verification';

/** A hand-off record as the server returned it: the resource and the server's own `meta.lastUpdated`. */
export type HandoffRecordsById = (handoffId: string) => Promise<unknown[]>;

export interface HandoffServiceOptions {
  verification: VerificationService;
  patients: PatientRepository;
  audit: AuditRepository;
  /** The desk's write-back (the outbox); disabled when the site has no FHIR server. */
  writeBack: WriteBack;
  /** Resolves true once the outbox job with this client id reached the server (false: not within the wait). */
  delivered: (clientId: string, timeoutMs: number) => Promise<boolean>;
  /** Searches the site's FHIR server for the records with a hand-off id (null: no server configured). */
  records: HandoffRecordsById | null;
  /** This desk's SIP user ('' while no account is configured). */
  sipUser: () => string;
  actor: () => string;
  /** The agent as colleagues know them (the phone account's display name); '' falls back to the actor. */
  agentName?: () => string;
  policy: VerificationPolicy['handoff'];
  /** The page is told (the receiving desk's hand-off panel). */
  tell: (view: HandoffView) => void;
  /** How long an escalation waits for its record to reach the server before it rings the target anyway. Default 4 s. */
  deliveryWaitMs?: number;
  now?: () => Date;
}

/** What an escalation hands over, besides what verification knows. */
export interface HandoffRequest {
  callId: string;
  patientId: string;
  escalation: Escalation;
  reason: EscalationReason;
  notes: string;
}

export class HandoffService {
  private readonly policy: NonNullable<VerificationPolicy['handoff']>;
  private readonly now: () => Date;

  constructor(private readonly o: HandoffServiceOptions) {
    this.policy = o.policy ?? HANDOFF_DEFAULTS;
    this.now = o.now ?? (() => new Date());
  }

  /**
   * Sending desk: writes the hand-off record and waits (bounded) for the server to have it. Returns the id for the
   * consult INVITE, or null when there is nothing to hand over on (no FHIR server, no SIP user) or the record did
   * not reach the server in time: the escalation goes ahead as an ordinary call (the record still goes later).
   */
  async send(r: HandoffRequest): Promise<string | null> {
    const sipUser = this.o.sipUser();
    if (!this.o.writeBack.enabled || !sipUser) return null;
    const verification = this.o.verification.handoffFacts(r.callId, r.patientId);
    const facts: HandoffFacts = {
      handoffId: randomUUID(),
      patientId: r.patientId,
      senderSipUser: sipUser,
      senderAgent: this.o.agentName?.().trim() || this.o.actor(),
      sentAt: this.now().toISOString(),
      escalation: r.escalation,
      reason: r.reason,
      notes: r.notes,
      callId: r.callId,
      caller: verification.caller,
      verification: { status: verification.status, matched: verification.matched, verifiedAt: verification.verifiedAt },
    };
    const write = handoffWrite(facts);
    this.o.writeBack.create(write);
    this.o.audit.recordHandoff(
      { handoffId: facts.handoffId, callId: r.callId, peer: null, patientId: r.patientId, accepted: true },
      {
        actor: this.o.actor(),
        reason: `hand-off written for ${r.escalation} (${r.reason}): caller ${verification.status}, matched ${verification.matched.join(' ') || 'none'}`,
      },
    );
    const arrived = await this.o.delivered(write.clientId, this.o.deliveryWaitMs ?? 4000);
    if (!arrived) safeLog.warn('the hand-off record did not reach the FHIR server in time: the escalation goes without it');
    return arrived ? facts.handoffId : null;
  }

  /** Receiving desk: a call rang in carrying a hand-off id; `assertedSender` is who the SIP server says placed it. */
  async received(callId: string, handoffId: string, assertedSender: string | null): Promise<HandoffView> {
    const outcome = await this.match(handoffId, assertedSender);
    let view: HandoffView;
    if ('refusal' in outcome) {
      view = { callId, status: 'unconfirmed', refusal: outcome.refusal };
      this.o.audit.recordHandoff(
        { handoffId, callId, peer: assertedSender, patientId: outcome.facts?.patientId ?? null, accepted: false },
        { actor: this.o.actor(), reason: `hand-off refused: ${outcome.refusal}` },
      );
    } else {
      const f = outcome.facts;
      const recheck = this.policy.recheckSecretAfter.includes(f.escalation) && f.verification.status === 'verified';
      // The same patient pops (what picks them only; the record opens as verification allows).
      const summary = this.o.patients.summary(f.patientId, { actor: this.o.actor(), reason: `screen pop from hand-off ${handoffId}` });
      this.o.verification.seedFromHandoff(callId, f.patientId, f.verification, f.caller, recheck);
      this.o.audit.recordHandoff(
        { handoffId, callId, peer: f.senderSipUser, patientId: f.patientId, accepted: true },
        {
          actor: this.o.actor(),
          reason: `hand-off accepted from ${f.senderAgent} (${f.escalation}, ${f.reason}): caller ${f.verification.status}, matched ${f.verification.matched.join(' ') || 'none'}${recheck ? ', secret re-check required' : ''}`,
        },
      );
      view = {
        callId,
        status: 'confirmed',
        handoffId,
        patient: { patientId: f.patientId, name: summary.patient.name, via: 'patient', rank: 1 },
        senderAgent: f.senderAgent,
        sentAt: f.sentAt,
        escalation: f.escalation,
        reason: f.reason,
        // The agent's notes are about the patient: they reach the page only for a caller the sender verified.
        notes: f.verification.status === 'verified' ? f.notes : '',
        caller: f.caller,
        verification: f.verification,
        recheck,
      };
    }
    this.o.tell(view);
    return view;
  }

  private async match(handoffId: string, assertedSender: string | null): Promise<{ facts: HandoffFacts } | { refusal: HandoffRefusal; facts?: HandoffFacts }> {
    if (!assertedSender) return { refusal: 'notAsserted' };
    if (!this.o.records) return { refusal: 'noServer' };
    let found: unknown[];
    try {
      found = await this.o.records(handoffId);
    } catch (err) {
      safeLog.warn('the hand-off record could not be read', err);
      return { refusal: 'unreachable' };
    }
    if (found.length === 0) return { refusal: 'notFound' };
    const facts = found.length === 1 ? handoffFromServer(found[0]) : null;
    if (!facts || facts.handoffId !== handoffId) return { refusal: 'malformed' };
    const storedAt = Date.parse(serverTime(found[0]) ?? '');
    const ageMs = this.now().getTime() - storedAt;
    // The server's own time of the write: a record older than the policy allows (or from the future) is not this call's.
    if (!Number.isFinite(storedAt) || ageMs > this.policy.maxAgeMinutes * 60_000 || ageMs < -60_000) return { refusal: 'stale', facts };
    if (facts.senderSipUser !== assertedSender) return { refusal: 'senderMismatch', facts };
    return { facts };
  }
}

/** The server's `meta.lastUpdated` of a resource, when it has one. */
function serverTime(resource: unknown): string | undefined {
  const meta = (resource as { meta?: { lastUpdated?: unknown } } | null)?.meta;
  return typeof meta?.lastUpdated === 'string' ? meta.lastUpdated : undefined;
}

/** Waits until the outbox job `clientId` is done (true), failed or dropped (false), or `timeoutMs` passed (false). */
export function outboxDelivery(
  job: (clientId: string) => { status: string } | null,
  onChange: (listener: () => void) => () => void,
): (clientId: string, timeoutMs: number) => Promise<boolean> {
  return (clientId, timeoutMs) =>
    new Promise<boolean>((resolve) => {
      const settle = (): boolean => {
        const status = job(clientId)?.status;
        if (status === 'pending') return false;
        done(status === 'done');
        return true;
      };
      const timer = setTimeout(() => {
        done(false);
      }, timeoutMs);
      const off = onChange(() => void settle());
      function done(v: boolean): void {
        clearTimeout(timer);
        off();
        resolve(v);
      }
      settle();
    });
}
