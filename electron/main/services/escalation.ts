/**
 * Escalation: each button is a real transfer or conference through the softphone, and the team lead
 * is told (a SIP MESSAGE with no patient data). Never a dead end: the result says what the agent
 * should tell the caller next (translated in the page from the escalation id).
 */
import path from 'node:path';
import {
  EscalationConfigSchema,
  type Escalation,
  type EscalationConfig,
  type EscalationNotice,
  type EscalationProgress,
  type EscalationReason,
  type EscalationStage,
} from '../../../shared/escalation/targets';
import { CodedError } from '../../../shared/errors';
import type { PhonePort } from '../../softphone/phone-port';
import { safeLog } from '../safe-log';
import { readJsonAsset } from './json-asset';
import type { HandoffRequest } from './handoff';
import { must } from '../../../shared/must';

/** What the escalation button returns: where the escalation stands (pushed again as it moves on). */
export type EscalationResult = EscalationProgress;

export function loadEscalationConfig(assetsDir: string): EscalationConfig {
  return readJsonAsset(path.join(assetsDir, 'escalation', 'targets.json'), EscalationConfigSchema, 'The escalation targets');
}

/** How long a warm or conference target rings when the targets file does not say. */
const DEFAULT_RING_SECONDS = 30;

export class EscalationService {
  private readonly listeners = new Set<(escalation: Escalation) => void>();
  private readonly progressListeners = new Set<(progress: EscalationProgress) => void>();
  /** Escalations still in progress, by the caller's call. */
  private readonly open = new Map<string, EscalationProgress>();
  /** The notice each open escalation sent the leads (sent again with the outcome if it falls back). */
  private readonly notices = new WeakMap<EscalationProgress, EscalationNotice>();

  constructor(
    private readonly phone: PhonePort,
    private readonly config: EscalationConfig,
    /** Who is at this desk now (the agent the leads' notices name). */
    private readonly agent: () => string,
    /** Tells the team's leads (SIP MESSAGE through the outbox: a lead who is away gets it later). */
    private readonly toLeads: (body: string) => Promise<void>,
    /** The live phone tells of conferences undone because their audio failed mid-call. */
    conferenceFailures?: (listener: (callIds: string[]) => void) => void,
    /** Writes the hand-off record for a warm or conference escalation; its id goes in the consult INVITE (null: none). */
    private readonly handOff: (request: HandoffRequest) => Promise<string | null> = () => Promise.resolve(null),
  ) {
    conferenceFailures?.((ids) => {
      const p = [...this.open.values()].find((x) => x.stage === 'conferenced' && ids.some((id) => id === x.callId || id === x.targetCallId));
      if (p) void this.fallBack(p, 'mediaFailed');
    });
  }

  /** Told of each escalation made (practice mode scores it and moves the simulated caller on). */
  onEscalated(listener: (escalation: Escalation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told each time an escalation moves on (calling, connected, conferenced, unanswered, …): the agent's script follows it. */
  onProgress(listener: (progress: EscalationProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  async escalate(
    callId: string,
    escalation: Escalation,
    reason: EscalationReason,
    context: { patientId?: string; notes?: string } = {},
  ): Promise<EscalationResult> {
    const target = this.config.targets.find((t) => t.id === escalation);
    if (!target) throw new CodedError('notFound', 'No target is configured for this escalation');
    for (const [id] of this.open) if (!this.phone.get(id)) this.open.delete(id); // conferences since ended
    let progress: EscalationProgress;
    // What this desk established goes ahead of the call: the target's desk pops the caller as verified here.
    const handoff = context.patientId
      ? await this.handOff({ callId, patientId: context.patientId, escalation, reason, notes: context.notes ?? '' }).catch((err: unknown) => {
          safeLog.warn('the hand-off record was not written', err);
          return null;
        })
      : null;
    if (target.kind === 'blind') {
      // The caller's phone places the new call: the REFER carries the hand-off id, the SIP server vouches for it.
      await this.phone.transfer(callId, target.target, handoff ? { handoff } : {});
      progress = { callId, escalation, kind: 'blind', stage: 'transferred', targetCallId: null };
    } else {
      // The caller waits on hold (told only that the agent is trying to reach someone) while the target is rung.
      await this.phone.hold(callId, true);
      let consult;
      try {
        consult = await this.phone.dial(target.target, { consultFor: callId, ...(handoff ? { handoff } : {}) });
      } catch (err) {
        await this.phone.hold(callId, false).catch(() => undefined);
        throw err;
      }
      progress = { callId, escalation, kind: target.kind, stage: 'calling', targetCallId: consult.id };
      this.open.set(callId, progress);
      void this.followUp(progress, (this.config.ringSeconds ?? DEFAULT_RING_SECONDS) * 1000).catch((err: unknown) => {
        safeLog.warn('escalation follow-up failed', err);
      });
    }
    this.phone.setPresenceExtras({ escalation });
    // Which call: its id and when it started (no patient data), so the lead can tell it from the agent's others.
    const call = this.phone.state().calls.find((c) => c.id === callId);
    const callStartedAt = call ? (call.answeredAt ?? call.createdAt) : null;
    const notice: EscalationNotice = {
      type: 'carefront.escalation',
      escalation,
      reason,
      agent: this.agent(),
      callId,
      at: new Date().toISOString(),
      callStartedAt,
    };
    this.notices.set(progress, notice);
    this.post(notice);
    for (const l of this.listeners) l(escalation);
    this.tell(progress);
    return { ...progress };
  }

  /** After the target is rung: answered (talk first, or join all three), or not (back to the caller). */
  private async followUp(p: EscalationProgress, ringMs: number): Promise<void> {
    const consultId = must(p.targetCallId, 'the target call being rung');
    const connected = await this.phone.whenConnected(consultId, ringMs);
    if (this.open.get(p.callId) !== p) return;
    if (!connected) {
      // Nobody answered in time (or the target refused, or was unavailable): stop ringing them.
      if (this.phone.get(consultId)) await this.phone.hangup(consultId).catch(() => undefined);
      return this.fallBack(p, 'unanswered');
    }
    // The caller hung up meanwhile: the target is on the line with the agent alone; nothing to join.
    if (!this.phone.get(p.callId)) return void this.open.delete(p.callId);
    if (p.kind === 'warm') {
      this.move(p, 'connected');
      return;
    }
    try {
      // The crisis counsellor: all three are joined and the agent stays on, once the mix carries audio.
      await this.phone.conference(p.callId, consultId);
      this.move(p, 'conferenced');
    } catch (err) {
      safeLog.warn('escalation conference failed', err);
      await this.fallBack(p, 'mediaFailed');
    }
  }

  /**
   * The escalation did not happen as promised: the target's leg is dropped (it rang out, or it has no
   * audio) and the agent is back with the caller, off hold, with what to say next. The caller is never
   * left alone on hold.
   */
  private async fallBack(p: EscalationProgress, stage: 'unanswered' | 'mediaFailed'): Promise<void> {
    this.open.delete(p.callId);
    if (stage === 'mediaFailed' && p.targetCallId && this.phone.get(p.targetCallId)) await this.phone.hangup(p.targetCallId).catch(() => undefined);
    const caller = this.phone.get(p.callId);
    if (caller?.state === 'held')
      await this.phone.hold(p.callId, false).catch((err: unknown) => {
        safeLog.warn('could not take the caller off hold', err);
      });
    // The lead's board keeps the escalation flag for this call (raised, not resolved); the lead's
    // alert for it is told that it did not happen.
    this.tell({ ...p, stage });
    const notice = this.notices.get(p);
    if (notice) this.post({ ...notice, outcome: stage });
  }

  /** Not awaited: the outbox delivers it (now, or when the lead is back); the agent's button does not wait on the lead's desktop. */
  private post(notice: EscalationNotice): void {
    void this.toLeads(JSON.stringify(notice)).catch((err: unknown) => {
      safeLog.warn('team-lead notice not posted', err);
    });
  }

  private move(p: EscalationProgress, stage: EscalationStage): void {
    p.stage = stage;
    // A warm hand-over is now the agent's (join, transfer or hang up); a conference is watched while it lasts.
    if (stage !== 'conferenced') this.open.delete(p.callId);
    this.tell(p);
  }

  private tell(p: EscalationProgress): void {
    for (const l of this.progressListeners) l({ ...p });
  }
}
