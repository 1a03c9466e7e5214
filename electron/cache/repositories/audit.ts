/**
 * The audit trail as the services see it: disclosure decisions and monitoring sessions recorded,
 * the chain verified and read. Rows are appended through the store's one chain writer.
 */
import type { AuditContext, AuditEvent } from '../audit/audit-event';
import type { AuditVerification } from '../audit/audit-log';
import { guardStore } from '../store-errors';
import type { Store } from '../store';

export interface DisclosureDecision {
  patientId: string;
  decision: 'granted' | 'denied';
  /** Which protected fields were (or would have been) disclosed. */
  fields: string[];
  /** To whom: `RelatedPerson/<id>`, `Patient/<id>` or `caller`. */
  recipient: string;
}

export interface MonitoringRecord {
  peer: string;
  mode: string;
  callId: string;
  event: 'started' | 'mode' | 'ended' | 'refused';
  detail?: string;
}

export interface WorklistRecord {
  action: 'view' | 'create' | 'claim' | 'release' | 'complete';
  patientIds: readonly string[];
  /** The Task (absent for a view of the list, and for an item still waiting in the outbox). */
  taskId?: string;
  outcome: 'success' | 'denied';
  /** A code: the outcome given, or why the server refused. */
  detail?: string;
  /** What an item raised from the patient view is about (`Invoice/…`, `ServiceRequest/…`). */
  focus?: string;
}

/** One scheduling action for a patient: what was searched or written on the FHIR server (ids and codes, no patient data). */
export interface SchedulingRecord {
  patientId: string;
  action: 'search' | 'book' | 'move' | 'cancel';
  outcome: 'success' | 'denied' | 'failed';
  /** The resources it concerns (`Slot/…`, `Appointment/…`). */
  references: readonly string[];
  /** Codes only: the outcome's reason (slotTaken, an error code), how many slots were found, a cancel reason. */
  detail: Record<string, string | number>;
}

export class AuditRepository {
  constructor(private readonly store: Store) {}

  /** Checks the keyed chain and every checkpoint; with `anchor` (an earlier head()) also that row. */
  verify(anchor?: { seq: number; hash: string }): AuditVerification {
    this.store.assertOpen();
    return this.store.auditLog.verify(anchor);
  }

  /** The newest rows first, as AuditEvent resources. */
  recent(limit?: number): AuditEvent[] {
    this.store.assertOpen();
    return this.store.auditLog.recent(limit);
  }

  count(): number {
    this.store.assertOpen();
    return this.store.auditLog.count();
  }

  head(): { seq: number; hash: string } {
    this.store.assertOpen();
    return this.store.auditLog.head();
  }

  /** Puts the rows committed last on disk and checkpoints them now, rather than moments later. */
  flush(): void {
    this.store.assertOpen();
    this.store.auditLog.flush();
  }

  /** The chain's rows after `seq`, oldest first, at most `limit`: each as its AuditEvent with its link (for export off the machine). */
  rowsAfter(seq: number, limit: number): { seq: number; hash: string; event: AuditEvent }[] {
    const db = this.store.connection();
    return guardStore(() =>
      db
        .prepare<[number, number], { seq: number; hash: string; event: string }>('SELECT seq, hash, event FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(seq, limit)
        .map((r) => ({ seq: r.seq, hash: r.hash, event: { ...(JSON.parse(r.event) as AuditEvent), id: String(r.seq) } })),
    );
  }

  /** Records whether protected data was disclosed to someone (e.g. a proxy on the phone). Returns the audit sequence number. */
  recordDisclosure(d: DisclosureDecision, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: 'disclosure',
      ctx,
      patientIds: [d.patientId],
      fields: d.fields,
      outcome: d.decision === 'granted' ? 'success' : 'denied',
      recipient: d.recipient,
    });
  }

  /**
   * Records that the agent gave up a write to the FHIR server (an outbox job) that could not go: which job (its own id,
   * the kind of record and resource type), why it could not go (the code), and the agent's reason. No patient data.
   */
  recordOutboxDismissal(d: { jobId: string; resourceType: string; operation: string; kind: string | null; code: string | null }, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: 'outbox-dismiss',
      ctx,
      patientIds: [],
      fields: [],
      outcome: 'success',
      objects: [
        {
          display: `outbox job ${d.jobId}`,
          detail: { resourceType: d.resourceType, operation: d.operation, kind: d.kind ?? 'unknown', lastError: d.code ?? 'none' },
        },
      ],
    });
  }

  /**
   * Records an escalation's hand-off: written on the sending desk (no peer), accepted or refused on the receiving
   * desk (the peer is the SIP user the SIP server asserted, when any). The patient when the record names one.
   */
  recordHandoff(h: { handoffId: string; callId: string; peer: string | null; patientId: string | null; accepted: boolean }, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: 'handoff',
      ctx: { actor: ctx.actor, reason: `${ctx.reason}: hand-off ${h.handoffId} on call ${h.callId}` },
      patientIds: h.patientId ? [h.patientId] : [],
      fields: h.accepted ? ['verification', 'notes'] : [],
      outcome: h.accepted ? 'success' : 'denied',
      ...(h.peer ? { recipient: `sip:${h.peer}` } : {}),
    });
  }

  /**
   * Records the agent's use of the team's worklist: the list viewed (every patient named on it), an item created,
   * claimed, released or completed (its patient, the Task, and whether the server took it).
   */
  recordWorklist(w: WorklistRecord, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: 'worklist',
      ctx: { ...ctx, reason: `${ctx.reason}: worklist ${w.action}` },
      patientIds: w.patientIds,
      fields: w.patientIds.length ? ['name', 'telecom'] : [],
      outcome: w.outcome,
      objects: [
        ...(w.taskId ? [{ reference: `Task/${w.taskId}`, detail: { action: w.action, ...(w.detail ? { detail: w.detail } : {}) } }] : []),
        ...(w.focus ? [{ reference: w.focus, detail: { action: w.action, ...(w.detail ? { detail: w.detail } : {}) } }] : []),
      ],
    });
  }

  /**
   * Records a team lead's monitoring session (listen / whisper / barge) or a refused attempt, on the
   * lead's and on the agent's desktop. No patient data: who, which mode, which call, the outcome.
   */
  recordMonitoring(m: MonitoringRecord, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: 'monitor',
      ctx: { actor: ctx.actor, reason: `${ctx.reason}: monitoring ${m.event} (${m.mode}) on call ${m.callId}${m.detail ? `, ${m.detail}` : ''}` },
      patientIds: [],
      fields: [],
      outcome: m.event === 'refused' ? 'denied' : 'success',
      recipient: `sip:${m.peer}`,
    });
  }

  /** Records a scheduling action for a patient (refused and failed ones too). */
  recordScheduling(r: SchedulingRecord, ctx: AuditContext): number {
    this.store.assertOpen();
    return this.store.auditLog.append({
      operation: `schedule-${r.action}`,
      ctx,
      patientIds: [r.patientId],
      fields: ['appointments'],
      outcome: r.outcome,
      objects: [...r.references.map((reference) => ({ reference })), { display: 'scheduling', detail: r.detail }],
    });
  }
}
