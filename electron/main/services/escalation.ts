/**
 * Escalation: each button is a real transfer or conference through the softphone, and the team lead
 * is told (a SIP MESSAGE with no patient data). Never a dead end: the result says what the agent
 * should tell the caller next (translated in the page from the escalation id).
 */
import path from 'node:path';
import { EscalationConfigSchema, type Escalation, type EscalationConfig, type EscalationNotice, type EscalationReason } from '../../../shared/escalation/targets';
import { CodedError } from '../../../shared/errors';
import type { PhonePort } from './phone';
import { safeLog } from '../safe-log';
import { readJsonAsset } from './json-asset';

export interface EscalationResult {
  escalation: Escalation;
  kind: 'blind' | 'warm' | 'conference';
  /** The call to the target (warm and conference); the agent talks to them on it. */
  targetCallId: string | null;
}

export function loadEscalationConfig(assetsDir: string): EscalationConfig {
  return readJsonAsset(path.join(assetsDir, 'escalation', 'targets.json'), EscalationConfigSchema, 'The escalation targets');
}

export class EscalationService {
  private readonly listeners = new Set<(escalation: Escalation) => void>();

  constructor(
    private readonly phone: PhonePort,
    private readonly config: EscalationConfig,
    private readonly agent: string,
    /** Tells the team's leads (SIP MESSAGE through the outbox: a lead who is away gets it later). */
    private readonly toLeads: (body: string) => Promise<void>,
  ) {}

  /** Told of each escalation made (practice mode scores it and moves the simulated caller on). */
  onEscalated(listener: (escalation: Escalation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async escalate(callId: string, escalation: Escalation, reason: EscalationReason): Promise<EscalationResult> {
    const target = this.config.targets.find((t) => t.id === escalation);
    if (!target) throw new CodedError('notFound', 'No target is configured for this escalation');
    let targetCallId: string | null = null;
    if (target.kind === 'blind') {
      await this.phone.transfer(callId, target.target);
    } else {
      // The caller waits on hold (with the agent's promise of what happens next) while the target is rung.
      await this.phone.hold(callId, true);
      const consult = await this.phone.dial(target.target);
      targetCallId = consult.id;
      void this.phone
        .whenConnected(consult.id)
        .then(async (connected) => {
          // Nobody answered: back to the caller at once, never a dead end.
          if (!connected) return this.phone.hold(callId, false);
          // The crisis counsellor: all three are joined and the agent stays on.
          if (target.kind === 'conference') await this.phone.conference(callId, consult.id);
        })
        .catch((err: unknown) => safeLog.warn('escalation follow-up failed', err));
    }
    this.phone.setPresenceExtras({ escalation });
    // Which call: its id and when it started (no patient data), so the lead can tell it from the agent's others.
    const call = this.phone.state().calls.find((c) => c.id === callId);
    const callStartedAt = call ? (call.answeredAt ?? call.createdAt) : null;
    const notice: EscalationNotice = { type: 'carefront.escalation', escalation, reason, agent: this.agent, callId, at: new Date().toISOString(), callStartedAt };
    // Not awaited: the outbox delivers it (now, or when the lead is back); the agent's button does not
    // wait on the lead's desktop answering.
    void this.toLeads(JSON.stringify(notice)).catch((err: unknown) => safeLog.warn('team-lead notice not posted', err));
    for (const l of this.listeners) l(escalation);
    return { escalation, kind: target.kind, targetCallId };
  }
}
