/**
 * Listen / whisper / barge. On a lead's desktop: calls the agent with the mode in a header and changes
 * it in-call (SIP INFO). On an agent's desktop: accepts such a call automatically ONLY from a team
 * lead named in the team file (anyone else gets 403), only while the agent is on a call, never rings
 * or pops, never touches the caller's leg (nothing is announced in-band), and lets the media mix as
 * the mode says. Every session start, mode change, end and refusal is written to the audit log on the
 * desktop where it happens (both ends).
 */
import { CodedError } from '../../../shared/errors';
import type { AppRole } from '../../../shared/ipc/contract';
import { MONITOR_AUDIO_FAILED, type MonitorMode, type MonitorSession } from '../../../shared/domain/monitor';
import type { Team } from '../../../shared/team/team';
import type { CallView } from '../../../shared/domain/call';
import type { DomainEventBus } from '../domain-events';
import type { PhoneService } from './phone';
import { safeLog } from '../safe-log';

export interface MonitorAudit {
  peer: string;
  mode: MonitorMode;
  callId: string;
  event: 'started' | 'mode' | 'ended' | 'refused';
  detail?: string;
}

interface Session extends MonitorSession {
  side: 'lead' | 'agent';
  /** Agent side: the agent's call with the caller the lead is joined to. */
  targetCallId: string | null;
}

export class MonitorService {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly phone: PhoneService,
    events: DomainEventBus,
    private readonly team: Team,
    /** This desk's role now (a team lead's desk monitors). */
    private readonly role: () => AppRole,
    /** This desktop's SIP user (the agent's name in sessions it takes part in). */
    private readonly self: () => string,
    private readonly audit: (entry: MonitorAudit) => void,
  ) {
    phone.monitorHost = { request: (id, from, mode) => void this.request(id, from, mode), modeChanged: (id, mode) => void this.modeChanged(id, mode) };
    // A session ends with its own leg, or with the agent's call it is joined to.
    events.on('call.ended', (e) => {
      this.callEnded(e.call);
    });
  }

  list(): MonitorSession[] {
    return [...this.sessions.values()].map(({ callId, agent, lead, mode, startedAt }) => ({ callId, agent, lead, mode, startedAt }));
  }

  /** Lead side: steps into a team member's call. */
  async start(agent: string, mode: MonitorMode): Promise<MonitorSession> {
    this.requireLead();
    if (!this.team.members.some((m) => m.agent === agent)) throw new CodedError('forbidden', 'Only members of your team can be monitored');
    const call = await this.phone.monitor(agent, mode);
    // Defence in depth: in listen mode the lead's microphone is muted here too (the agent's desktop drops it anyway).
    await this.phone.mute(call.id, mode === 'listen');
    const session: Session = { callId: call.id, agent, lead: this.self(), mode, startedAt: new Date().toISOString(), side: 'lead', targetCallId: null };
    this.sessions.set(call.id, session);
    this.audit({ peer: agent, mode, callId: call.id, event: 'started' });
    return this.view(session);
  }

  /** Lead side: listen -> whisper -> barge (or back) without hanging up. */
  async setMode(callId: string, mode: MonitorMode): Promise<MonitorSession> {
    this.requireLead();
    const s = this.sessions.get(callId);
    if (!s || s.side !== 'lead') throw new CodedError('notFound', 'No such monitoring session');
    await this.phone.setMonitorMode(callId, mode);
    await this.phone.mute(callId, mode === 'listen');
    s.mode = mode;
    this.audit({ peer: s.agent, mode, callId, event: 'mode' });
    return this.view(s);
  }

  async stop(callId: string): Promise<true> {
    this.requireLead();
    if (!this.sessions.has(callId)) throw new CodedError('notFound', 'No such monitoring session');
    return this.phone.hangup(callId);
  }

  /** Agent side: a monitoring call arrived. */
  private async request(callId: string, from: string, mode: MonitorMode): Promise<void> {
    try {
      if (!this.team.leads.includes(from)) {
        this.audit({ peer: from, mode, callId, event: 'refused', detail: 'not a team lead' });
        await this.phone.rejectMonitor(callId, 403);
        return;
      }
      const call = this.phone.state().calls.find((c) => !c.monitor && c.state === 'active');
      if (!call) {
        this.audit({ peer: from, mode, callId, event: 'refused', detail: 'no call in progress' });
        await this.phone.rejectMonitor(callId, 480);
        return;
      }
      this.sessions.set(callId, { callId, agent: this.self(), lead: from, mode, startedAt: new Date().toISOString(), side: 'agent', targetCallId: call.id });
      this.audit({ peer: from, mode, callId, event: 'started' });
      await this.phone.acceptMonitor(callId, call.id, mode);
    } catch (err) {
      safeLog.warn('monitoring request failed', err);
      const s = this.sessions.get(callId);
      // Answered, but the audio could not be mixed: end the leg and say why, so the lead is not led to
      // believe they hear the call.
      if (s && this.phone.get(callId)?.state === 'active') return this.endForMedia(s);
      this.sessions.delete(callId);
      await this.phone.rejectMonitor(callId, 488).catch(() => undefined);
    }
  }

  /**
   * The page says a call's media failed. On the agent's desktop, a monitoring session on that call (or
   * that is that lead's leg) is ended with the reason; on the lead's, the lead's own leg is.
   */
  mediaFailed(callId: string): void {
    for (const s of [...this.sessions.values()]) {
      if (s.callId === callId || s.targetCallId === callId) void this.endForMedia(s);
    }
  }

  /** Ends a session whose audio failed: the other desktop hears why (BYE Reason), both are told and audit it. */
  private async endForMedia(s: Session): Promise<void> {
    if (!this.sessions.delete(s.callId)) return;
    this.audit({ peer: s.side === 'lead' ? s.agent : s.lead, mode: s.mode, callId: s.callId, event: 'ended', detail: MONITOR_AUDIO_FAILED.text });
    this.phone.tellMediaFailed(s.callId, 'monitor');
    await this.phone.hangup(s.callId, MONITOR_AUDIO_FAILED).catch(() => undefined);
  }

  /** Agent side: the lead changed the mode. */
  private async modeChanged(callId: string, mode: MonitorMode): Promise<void> {
    const s = this.sessions.get(callId);
    if (!s || s.side !== 'agent' || !s.targetCallId) return;
    try {
      await this.phone.applyMonitor(callId, s.targetCallId, mode);
    } catch (err) {
      safeLog.warn('monitoring mode change failed', err);
      return this.endForMedia(s);
    }
    s.mode = mode;
    this.audit({ peer: s.lead, mode, callId, event: 'mode' });
  }

  private callEnded(c: CallView): void {
    const s = this.sessions.get(c.id);
    if (s) {
      this.sessions.delete(c.id);
      // The agent's desktop ended the lead's leg because its audio failed: the lead is told, not left guessing.
      const audioFailed = s.side === 'lead' && (c.endReason ?? '').endsWith(MONITOR_AUDIO_FAILED.text);
      this.audit({
        peer: s.side === 'lead' ? s.agent : s.lead,
        mode: s.mode,
        callId: c.id,
        event: 'ended',
        ...(audioFailed ? { detail: MONITOR_AUDIO_FAILED.text } : {}),
      });
      if (audioFailed) this.phone.tellMediaFailed(c.id, 'monitor');
      return;
    }
    // The agent's call with the caller ended: the lead's leg on it ends too.
    for (const m of this.sessions.values()) {
      if (m.side === 'agent' && m.targetCallId === c.id) void this.phone.hangup(m.callId).catch(() => undefined);
    }
  }

  private view(s: Session): MonitorSession {
    return { callId: s.callId, agent: s.agent, lead: s.lead, mode: s.mode, startedAt: s.startedAt };
  }

  private requireLead(): void {
    if (this.role() !== 'teamLead') throw new CodedError('forbidden', 'Monitoring is for team leads');
  }
}
