/**
 * The desk's side of the team's worklist: the list and the agent's actions on it (through the worklist book, on the
 * site's FHIR server), every one audited; and the items the desk makes by itself, through its outbox (durable, a
 * conditional create on the desk's client id, so a retry never makes a second Task):
 * - a follow-up promised in a wrap-up (`followUpAt`) becomes an item at once, of the kind its disposition names
 *   (assets/wrap-up/dispositions.json; a callback when it names none), due at the promised time;
 * - a caller's call that rang here and was not answered becomes a callback by itself (the domain event `call.ended`):
 *   `abandoned` when the caller hung up while it rang, `unanswered` when it was refused or rang out. A call handed on
 *   (transferred) makes none, nor does one with no number to call back;
 * - from the patient view on a caller's call, a billing dispute about one of the patient's invoices or a follow-up of
 *   one of their referrals (`raise`): only for a caller verified for that section (billing, referrals) on the call,
 *   only about a resource the copy holds as that patient's from the server, with the number the caller called from.
 *   A refusal is audited and queues nothing.
 * With no FHIR server configured there is no worklist: the list says so, the actions are refused, nothing is queued.
 */
import { randomUUID } from 'node:crypto';
import { DialNumberSchema } from '../../shared/domain/call';
import { DISPOSITIONS } from '../../shared/domain/dispositions';
import type {
  WorklistActionResult,
  WorklistFocus,
  WorklistItem,
  WorklistOrigin,
  WorklistOutcome,
  WorklistRaised,
  WorklistRaiseRequest,
  WorklistView,
} from '../../shared/domain/worklist';
import type { WrapUp } from '../../shared/domain/wrap-up';
import type { CallEnded } from '../../shared/events/domain-events';
import type { ScreenPop } from '../../shared/domain/screen-pop';
import type { PatientSummary } from '../../shared/domain/patient';
import { CodedError, codeOf } from '../../shared/errors';
import type { Section } from '../../shared/verification/policy';
import type { AuditRepository, WorklistRecord } from '../cache/repositories/audit';
import type { PatientRepository } from '../cache/repositories/patients';
import type { WriteBack } from '../ehr/write-back';
import { worklistTaskWrite } from '../ehr/write-back-mapping';
import type { DomainEventBus } from '../main/domain-events';
import { safeLog } from '../main/safe-log';
import type { VerificationService } from '../main/services/verification';
import { newTask, type NewTaskFacts } from './task-mapping';
import type { BookAction, WorklistBook } from './worklist-book';
import type { WorklistPolicy } from './worklist-policy';

export interface WorklistServiceOptions {
  /** Null when the site has no FHIR server. */
  book: WorklistBook | null;
  writeBack: WriteBack;
  audit: AuditRepository;
  patients: PatientRepository;
  /** The caller's verification on the agent's call: what an item raised from the patient view needs. */
  verification: Pick<VerificationService, 'requireSection' | 'state'>;
  /** Who is at this desk now (the actor of its audit rows). */
  actor: () => string;
  policy: WorklistPolicy;
  events: DomainEventBus;
  now?: () => Date;
}

/** How many recent calls' numbers and screen pops are remembered (for the wrap-up and unanswered calls that follow). */
const REMEMBERED_CALLS = 50;

export class WorklistService {
  private readonly now: () => Date;
  private readonly numbers = new Map<string, string>();
  private readonly pops = new Map<string, ScreenPop>();

  constructor(private readonly o: WorklistServiceOptions) {
    this.now = o.now ?? (() => new Date());
    o.events.on('call.popped', (pop) => {
      remember(this.pops, pop.callId, pop);
    });
    o.events.on('call.ended', (e) => {
      this.callEnded(e);
    });
  }

  get configured(): boolean {
    return this.o.book !== null && this.o.writeBack.enabled;
  }

  /** The team's open items (audited: every patient named on the list). */
  async list(): Promise<WorklistView> {
    if (!this.o.book)
      return {
        configured: false,
        items: [],
        malformed: 0,
        released: 0,
        complete: true,
        readAt: this.now().toISOString(),
        refreshSeconds: this.o.policy.refreshSeconds,
      };
    const view = await this.o.book.list();
    this.auditView(patientsOf(view.items));
    return view;
  }

  claim(taskId: string, version: string): Promise<WorklistActionResult> {
    return this.act('claim', taskId, (book) => book.claim(taskId, version));
  }

  release(taskId: string, version: string): Promise<WorklistActionResult> {
    return this.act('release', taskId, (book) => book.release(taskId, version));
  }

  complete(taskId: string, version: string, outcome: WorklistOutcome): Promise<WorklistActionResult> {
    return this.act('complete', taskId, (book) => book.complete(taskId, version, outcome), outcome);
  }

  /**
   * A wrap-up was saved: the follow-up it promised (if any) goes to the worklist through the outbox. Returns the
   * client id of the item queued, or null when there is none (no follow-up promised, or no FHIR server).
   */
  wrapUpSaved(w: WrapUp): string | null {
    if (!w.followUpAt || !this.configured) return null;
    const kind = DISPOSITIONS.get(w.disposition)?.followUpKind ?? 'callback';
    let patient: NewTaskFacts['patient'] = null;
    let onFile: string | null = null;
    if (w.patientId) {
      try {
        const summary = this.o.patients.summary(w.patientId, { actor: this.o.actor(), reason: 'worklist: who the promised follow-up is for' });
        patient = { id: w.patientId, name: summary.patient.name || null };
        onFile = summary.patient.phones.find((p) => DialNumberSchema.safeParse(p).success) ?? null;
      } catch (err) {
        if (!(err instanceof CodedError && err.code === 'notFound')) throw err;
        patient = { id: w.patientId, name: null };
      }
    }
    const number = (w.callId ? this.numbers.get(w.callId) : undefined) ?? onFile;
    return this.queue({ kind, origin: kind === 'callback' ? 'promised' : null, patient, number, due: new Date(w.followUpAt).toISOString(), now: this.now() });
  }

  /**
   * From the patient view on a caller's call: a billing dispute about the patient's invoice, or a follow-up of their
   * referral, queued for its pool through the outbox, due after the policy's days. Refused (audited, nothing queued):
   * the caller not verified for the section on this call (`notVerified`), no EHR connection (`ehrNotConfigured`), a
   * resource the copy does not hold as this patient's from the server (`notFound`).
   */
  raise(req: WorklistRaiseRequest): WorklistRaised {
    const [focus, section, dueDays]: [WorklistFocus, Section, number] =
      req.kind === 'billing-dispute'
        ? [{ type: 'Invoice', id: req.invoiceId }, 'billing', this.o.policy.billingDisputeDueDays]
        : [{ type: 'ServiceRequest', id: req.serviceRequestId }, 'referrals', this.o.policy.referralFollowUpDueDays];
    const about = `${focus.type}/${focus.id}`;
    let summary: PatientSummary;
    try {
      this.o.verification.requireSection(req.patientId, section);
      if (!this.configured) throw new CodedError('ehrNotConfigured', 'this desk has no EHR connection, so no worklist');
      if (!this.o.patients.holdsFromServer(req.patientId, focus.type, focus.id))
        throw new CodedError('notFound', `no ${focus.type} from the server on file for this patient`);
      summary = this.o.patients.summary(req.patientId, { actor: this.o.actor(), reason: `worklist: who the ${req.kind} is for` });
      // A proxy who may not hear of the patient's confidential care cannot have it followed up either (it was not shown).
      const caller = this.o.verification.state(req.patientId).caller;
      const confidential = summary.referrals.find((r) => r.id === focus.id)?.confidential ?? false;
      if (focus.type === 'ServiceRequest' && confidential && caller.kind === 'proxy' && caller.confidentialHidden)
        throw new CodedError('notFound', 'no referral this caller may hear of');
    } catch (err) {
      this.audit({ action: 'create', patientIds: [req.patientId], outcome: 'denied', detail: codeOf(err), focus: about });
      throw err;
    }
    const callId = this.o.verification.state(req.patientId).callId;
    const pop = callId ? this.pops.get(callId) : undefined;
    const now = this.now();
    const due = new Date(now.getTime() + dueDays * 86_400_000).toISOString();
    const clientId = this.queue({
      kind: req.kind,
      origin: null,
      patient: { id: req.patientId, name: summary.patient.name || null },
      number: dialable(pop?.number ?? null),
      due,
      focus,
      ...(req.reason ? { reason: req.reason } : {}),
      now,
    });
    if (!clientId) throw new CodedError('ehrNotConfigured', 'the desk’s outbox is not connected to an EHR server');
    return { clientId, kind: req.kind, focus, due };
  }

  /** A caller's call that rang here and ended unanswered becomes a callback (not a transferred one, nor one with no number). */
  private callEnded(e: CallEnded): void {
    const number = dialable(e.call.remote.e164) ?? dialable(e.call.remote.user);
    if (e.leg === 'caller' && number) remember(this.numbers, e.callId, number);
    const pop = this.pops.get(e.callId);
    this.pops.delete(e.callId);
    if (e.leg !== 'caller' || e.answered || !number || !this.configured) return;
    const origin = originOf(e.reason);
    if (!origin) return;
    const only = pop?.matches.length === 1 ? pop.matches[0] : undefined;
    const now = this.now();
    try {
      this.queue({
        kind: 'callback',
        origin,
        patient: only ? { id: only.patientId, name: only.name } : null,
        number,
        due: new Date(now.getTime() + this.o.policy.unansweredCallbackDueMinutes * 60_000).toISOString(),
        now,
      });
    } catch (err) {
      safeLog.error('the callback for an unanswered call could not be queued', err);
    }
  }

  private queue(facts: NewTaskFacts): string | null {
    const clientId = `worklist-${randomUUID()}`;
    const job = this.o.writeBack.create(worklistTaskWrite(clientId, newTask(facts)));
    if (!job) return null;
    this.audit({
      action: 'create',
      patientIds: facts.patient ? [facts.patient.id] : [],
      outcome: 'success',
      detail: facts.kind,
      ...(facts.focus ? { focus: `${facts.focus.type}/${facts.focus.id}` } : {}),
    });
    return clientId;
  }

  private async act(
    action: WorklistRecord['action'],
    taskId: string,
    run: (book: WorklistBook) => Promise<BookAction>,
    detail?: string,
  ): Promise<WorklistActionResult> {
    if (!this.o.book) throw new CodedError('notFound', 'this desk has no EHR connection, so no worklist');
    const { result, patientId } = await run(this.o.book);
    this.audit({
      action,
      taskId,
      patientIds: patientId ? [patientId] : [],
      outcome: result.ok ? 'success' : 'denied',
      ...(result.ok ? (detail ? { detail } : {}) : { detail: result.reason }),
    });
    // A refusal carries the list as it now is: a view of every patient on it.
    if (!result.ok) this.auditView(patientsOf(result.list.items));
    return result;
  }

  /** When each patient on the list was last audited as viewed by this desk. */
  private readonly viewedAt = new Map<string, number>();

  /** A view of the list: the patients on it not already audited as viewed within the policy's time (none: no row). */
  private auditView(patientIds: readonly string[]): void {
    const now = Date.now();
    const again = now - this.o.policy.viewAuditedAgainAfterMinutes * 60_000;
    const fresh = patientIds.filter((id) => (this.viewedAt.get(id) ?? -Infinity) <= again);
    if (fresh.length === 0) return;
    for (const id of fresh) this.viewedAt.set(id, now);
    this.audit({ action: 'view', patientIds: fresh, outcome: 'success' });
  }

  private audit(w: WorklistRecord): void {
    this.o.audit.recordWorklist(w, { actor: this.o.actor(), reason: 'team worklist' });
  }
}

/** Why an unanswered caller's call ended, as a callback's origin; null when it makes none (it was handed on). */
function originOf(reason: string | null): WorklistOrigin | null {
  if (reason === null) return 'unanswered';
  if (/transfer/i.test(reason)) return null;
  if (reason.startsWith('hung up by the other party')) return 'abandoned';
  return 'unanswered';
}

const dialable = (raw: string | null): string | null => {
  if (!raw) return null;
  const parsed = DialNumberSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
};

const patientsOf = (items: readonly WorklistItem[]): string[] => [...new Set(items.flatMap((i) => (i.patient ? [i.patient.id] : [])))];

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED_CALLS) map.delete(map.keys().next().value as string);
}
