/**
 * The team lead's alerts: an escalation notice from an agent (the SIP MESSAGE the agent's escalation
 * service sends), a call longer than the threshold, a failed caller verification, wrap-up longer than
 * the threshold, a not-ready reason past its limit, a hard call (the agent's notice). Each is raised once per occurrence, acknowledged and followed up by the lead. Message
 * bodies are untrusted: only a valid escalation notice from a team member raises anything.
 */
import crypto from 'node:crypto';
import type { Alert, AlertKind, FollowUp } from '../../../shared/domain/alerts';
import type { BoardRow } from '../../../shared/domain/board';
import { EscalationNoticeSchema } from '../../../shared/escalation/targets';
import { HardCallNoticeSchema, type HardCallNotice } from '../../../shared/domain/not-ready';
import { CodedError } from '../../../shared/errors';
import type { Thresholds } from '../../../shared/team/team';
import type { BoardService } from './board';
import { must } from '../../../shared/must';

/** What alerts need of a softphone: its incoming SIP MESSAGEs (the Softphone class has it). */
export interface MessageSource {
  on(event: 'message', listener: (from: string, body: string, contentType: string) => void): () => void;
}

const MAX_ALERTS = 1000;

export class AlertService {
  private readonly alerts = new Map<string, Alert>();
  /** Occurrences already alerted (kind + agent + what identifies the occurrence) -> the alert's id. */
  private readonly raised = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private offMessages: (() => void) | null = null;

  constructor(
    private readonly board: BoardService,
    private readonly thresholds: Thresholds['alerts'],
    /** Receives each alert that is new or changed (the alerts.updated event). */
    private readonly publish: (alert: Alert) => void,
    private readonly now: () => number = Date.now,
  ) {
    board.onRowChange((row, before) => {
      if (row.verification === 'failed' && before.verification !== 'failed') this.raise('failedVerification', row, row.updatedAt ?? '');
      this.checkTimes(row);
    });
  }

  /** Listens for escalation notices on this softphone (again after a re-registration). */
  attach(source: MessageSource): void {
    this.offMessages?.();
    this.offMessages = source.on('message', (from, body) => {
      this.message(from, body);
    });
  }

  /** Checks long calls and long wrap-ups every `everyMs` (cheap: one pass over the rows). */
  start(everyMs = 1000): void {
    this.timer ??= setInterval(() => {
      this.check();
    }, everyMs);
    this.timer.unref();
  }

  /** One pass over the board for long calls and long wrap-ups (the timer's work). */
  check(): void {
    for (const row of this.board.list()) this.checkTimes(row);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.offMessages?.();
  }

  list(): Alert[] {
    return [...this.alerts.values()].map((a) => ({ ...a })).reverse();
  }

  acknowledge(id: string): Alert {
    const a = this.require(id);
    if (a.status === 'open') this.update(a, { status: 'acknowledged', acknowledgedAt: new Date(this.now()).toISOString() });
    return { ...this.require(id) };
  }

  /** Records the lead's follow-up (stepping into the call, or resolving); acknowledges it too. */
  followUp(id: string, action: FollowUp): Alert {
    const a = this.require(id);
    const at = new Date(this.now()).toISOString();
    this.update(a, { status: action === 'resolved' ? 'resolved' : 'acknowledged', acknowledgedAt: a.acknowledgedAt ?? at, followUp: action, followUpAt: at });
    return { ...this.require(id) };
  }

  get(id: string): Alert | null {
    const a = this.alerts.get(id);
    return a ? { ...a } : null;
  }

  /** A SIP MESSAGE: an escalation notice from a team member raises an alert; anything else is ignored. */
  message(from: string, body: string): void {
    const row = this.board.get(from);
    if (!row || body.length > 4096) return;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return;
    }
    const hard = HardCallNoticeSchema.safeParse(json);
    if (hard.success) {
      this.hardCall(row, hard.data.kinds, hard.data.inARow, hard.data.at);
      return;
    }
    const notice = EscalationNoticeSchema.safeParse(json);
    if (!notice.success) return;
    const n = notice.data;
    const details = { escalation: n.escalation, reason: n.reason, callId: n.callId, callStartedAt: n.callStartedAt ?? null };
    if (n.outcome) {
      // The escalation fell back: its alert says so (raised first if that notice never arrived).
      this.raise('escalation', row, n.callId, details);
      const a = this.alerts.get(this.raised.get(`escalation|${row.agent}|${n.callId}`) ?? '');
      if (a && a.outcome !== n.outcome) this.update(a, { outcome: n.outcome });
      return;
    }
    this.raise('escalation', row, n.callId, details);
  }

  /** A hard-call notice: the board's count follows it; a hard call (not the ordinary one ending a run) tells the lead. */
  private hardCall(row: BoardRow, kinds: HardCallNotice['kinds'], inARow: number, at: string): void {
    this.board.hardCalls(row.agent, inARow);
    if (kinds.length) this.raise('hardCall', row, at, { hardCall: { kinds: [...new Set(kinds)], inARow } });
  }

  private checkTimes(row: BoardRow): void {
    const now = this.now();
    const { longCallSeconds, longWrapUpSeconds } = this.thresholds;
    if (row.callSince && now - Date.parse(row.callSince) >= longCallSeconds * 1000)
      this.raise('longCall', row, row.callSince, { thresholdSeconds: longCallSeconds });
    if (row.state === 'wrapUp' && row.since && now - Date.parse(row.since) >= longWrapUpSeconds * 1000) {
      this.raise('longWrapUp', row, row.since, { thresholdSeconds: longWrapUpSeconds });
    }
    const limit = row.notReadyLimitMinutes;
    if (row.state === 'break' && row.notReady && limit !== null && row.since && now - Date.parse(row.since) >= limit * 60_000) {
      this.raise('notReadyLimit', row, `${row.notReady}|${row.since}`, { thresholdSeconds: Math.round(limit * 60), notReady: row.notReady });
    }
  }

  private raise(
    kind: AlertKind,
    row: BoardRow,
    occurrence: string,
    extra: Partial<Pick<Alert, 'escalation' | 'reason' | 'thresholdSeconds' | 'callId' | 'callStartedAt' | 'notReady' | 'hardCall'>> = {},
  ): void {
    const key = `${kind}|${row.agent}|${occurrence}`;
    if (this.raised.has(key)) return;
    const alert: Alert = {
      id: crypto.randomUUID(),
      kind,
      agent: row.agent,
      name: row.name,
      raisedAt: new Date(this.now()).toISOString(),
      escalation: null,
      reason: null,
      thresholdSeconds: null,
      callId: null,
      callStartedAt: null,
      status: 'open',
      acknowledgedAt: null,
      followUp: null,
      followUpAt: null,
      ...extra,
    };
    this.raised.set(key, alert.id);
    this.alerts.set(alert.id, alert);
    // Bounded: the oldest resolved (else oldest) alerts go first, with what they remembered.
    if (this.alerts.size > MAX_ALERTS) {
      const oldest =
        [...this.alerts.values()].find((a) => a.status === 'resolved') ?? must(this.alerts.values().next().value, 'an alert (more than the limit are kept)');
      this.alerts.delete(oldest.id);
      for (const [k, id] of this.raised) if (id === oldest.id) this.raised.delete(k);
    }
    this.publish({ ...alert });
  }

  private update(a: Alert, patch: Partial<Alert>): void {
    const next = { ...a, ...patch };
    this.alerts.set(a.id, next);
    this.publish({ ...next });
  }

  private require(id: string): Alert {
    const a = this.alerts.get(id);
    if (!a) throw new CodedError('notFound', 'No such alert');
    return a;
  }
}
