/**
 * The phone service: owns the Softphone for the configured account, reports its status and calls as
 * domain events (the page is told through them), and maps its errors to contract error codes. Calls
 * live here, so they survive a renderer reload.
 */
import { WebSocket } from 'ws';
import { CodedError } from '../../../shared/errors';
import type { SipAccount } from '../../../shared/domain/phone';
import type { CallView } from '../../../shared/domain/call';
import type { PhoneState, PhoneStatus } from '../../../shared/ipc/contract';
import { PhoneError, Softphone, type CallMedia } from '../../softphone/softphone';
import { agentFollowsCalls, type PhonePort } from '../../softphone/phone-port';
import type { DomainEventBus } from '../domain-events';
import { CallReporter } from '../call-reporter';
import type { AgentStatusService } from './agent-status';
import type { AgentState } from '../../../shared/domain/agent';
import type { PresenceExtras } from '../../../shared/domain/board';
import type { MonitorMode } from '../../../shared/domain/monitor';

/** Agent states in which new calls are refused before they ring (480 Temporarily Unavailable). */
export const REFUSING_CALLS: readonly AgentState[] = ['break'];

export class PhoneService implements PhonePort {
  private phone: Softphone | null = null;
  private account: SipAccount | null = null;
  private readonly calls: CallReporter;

  constructor(
    private readonly events: DomainEventBus,
    private readonly agent: AgentStatusService,
    private readonly createMedia: (callId: string) => CallMedia,
    private readonly screenPop: (call: CallView) => void = () => undefined,
    /** A SIP instance id (see the Softphone's `instanceId`): the registrar keeps one binding per desk. */
    private readonly instanceId?: string,
  ) {
    // "Available" means a call can reach the agent: only with a registered phone.
    agent.readyWhen(() => this.status().registration === 'registered');
    // Every change of the agent's state is published as SIP presence for the team-lead board.
    events.on('agent.stateChanged', () => {
      this.publishPresence();
    });
    this.calls = new CallReporter(events);
  }

  private extras: PresenceExtras = { verification: 'none', escalation: null };
  private readonly registeredListeners = new Set<(phone: Softphone) => void>();

  /** What the board shows besides the state (caller verification, escalation raised): republished on change. */
  setPresenceExtras(patch: Partial<PresenceExtras>): void {
    const next = { ...this.extras, ...patch };
    if (next.verification === this.extras.verification && next.escalation === this.extras.escalation) return;
    this.extras = next;
    this.publishPresence();
  }

  presenceExtras(): PresenceExtras {
    return { ...this.extras };
  }

  /** Who decides on a lead's monitoring calls (the monitor service). */
  monitorHost: { request(callId: string, from: string, mode: MonitorMode): void; modeChanged(callId: string, mode: MonitorMode): void } | null = null;

  monitor(agent: string, mode: MonitorMode): Promise<CallView> {
    return this.run((p) => p.monitor(agent, mode));
  }
  setMonitorMode(callId: string, mode: MonitorMode): Promise<true> {
    return this.run(async (p) => (await p.setMonitorMode(callId, mode), true as const));
  }
  acceptMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<true> {
    return this.run(async (p) => (await p.acceptMonitor(monitorCallId, callId, mode), true as const));
  }
  applyMonitor(monitorCallId: string, callId: string, mode: MonitorMode): Promise<true> {
    // Waited for: a mix that cannot be made rejects (mediaFailed), and the monitoring service ends the session on it.
    return this.run(async (p) => {
      await p.applyMonitor(monitorCallId, callId, mode);
      return true as const;
    });
  }
  rejectMonitor(monitorCallId: string, statusCode: 403 | 480 | 488): Promise<true> {
    return this.run(async (p) => (await p.rejectMonitor(monitorCallId, statusCode), true as const));
  }
  get(callId: string): CallView | null {
    return this.phone?.get(callId) ?? null;
  }

  /** Called with the softphone each time it (re)registers: the board subscribes through it. */
  onRegistered(listener: (phone: Softphone) => void): () => void {
    this.registeredListeners.add(listener);
    return () => this.registeredListeners.delete(listener);
  }

  private publishPresence(): void {
    const s = this.agent.get();
    void this.phone?.publishAgentState(s.state, s.since, { ...this.extras, notReady: s.reason });
  }

  status(): PhoneStatus {
    return this.phone ? this.phone.status() : { registration: 'offline', reason: 'notConfigured' };
  }

  state(): PhoneState {
    const a = this.account;
    return {
      status: this.status(),
      calls: this.phone?.list() ?? [],
      account: a ? { uri: a.uri, server: a.server, displayName: a.displayName ?? null } : null,
    };
  }

  /** The configure in progress: configures run one after another. */
  private configuring: Promise<unknown> = Promise.resolve();

  /**
   * Replaces the phone with one for `account`. Calls run one after another: two that overlapped (the
   * account from the command line at start-up and one saved in Phone settings) would otherwise both
   * find no phone to stop and start two, the first one left running unseen: a second registration of
   * the desk, ringing on the page beside the other.
   */
  configure(account: SipAccount): Promise<PhoneState> {
    const next = this.configuring.then(() => this.replacePhone(account));
    this.configuring = next.catch(() => undefined);
    return next;
  }

  private async replacePhone(account: SipAccount): Promise<PhoneState> {
    await this.stop();
    this.account = account;
    const phone = new Softphone({
      account,
      createMedia: this.createMedia,
      webSocket: WebSocket,
      instanceId: this.instanceId,
      // On a break the agent is not ready: a new call is refused (480), never rung or popped.
      refuseIncoming: () => (REFUSING_CALLS.includes(this.agent.get().state) ? 480 : null),
    });
    this.phone = phone;
    let wasRegistered = false;
    phone.on('status', (s) => {
      this.events.emit('phone.statusChanged', s);
      // The phone can no longer take calls (refused sign-in, stopped): the agent is not Available any
      // more. A reconnection in progress is not enough to change it.
      if ((s.registration === 'failed' || s.registration === 'offline') && this.agent.get().state === 'available') this.agent.set('offline');
      const registered = s.registration === 'registered';
      if (registered && !wasRegistered) {
        this.publishPresence();
        for (const l of this.registeredListeners) l(phone);
      }
      wasRegistered = registered;
    });
    phone.on('call', (c) => {
      this.onCall(c);
    });
    phone.on('monitorRequest', (callId, from, mode) => this.monitorHost?.request(callId, from, mode));
    phone.on('monitorMode', (callId, mode) => this.monitorHost?.modeChanged(callId, mode));
    phone.on('handoff', (callId, handoffId, sender) => {
      for (const l of this.handoffListeners) l(callId, handoffId, sender);
    });
    // Connecting may take a while (or fail and retry with backoff): progress arrives as phone.status events.
    void phone.start();
    return this.state();
  }

  async stop(): Promise<void> {
    const phone = this.phone;
    this.phone = null;
    // Its account goes with it: a phone stopped at sign-out shows no one's account to the next user.
    this.account = null;
    if (phone) await phone.stop().catch(() => undefined);
    this.events.emit('phone.statusChanged', this.status());
  }

  async dial(number: string, leg?: { consultFor: string; handoff?: string }): Promise<CallView> {
    const call = await this.run((p) => p.dial(number, { handoff: leg?.handoff }));
    if (leg) this.calls.markConsult(call.id);
    return call;
  }
  answer(callId: string): Promise<true> {
    return this.run(async (p) => (await p.answer(callId), true as const));
  }
  reject(callId: string): Promise<true> {
    return this.run(async (p) => (await p.reject(callId), true as const));
  }
  hangup(callId: string, reason?: { cause: number; text: string }): Promise<true> {
    return this.run(async (p) => (await p.hangup(callId, reason), true as const));
  }
  hold(callId: string, hold: boolean): Promise<true> {
    return this.run(async (p) => (await p.hold(callId, hold), true as const));
  }
  mute(callId: string, muted: boolean): Promise<true> {
    return this.run((p) => {
      p.mute(callId, muted);
      return true as const;
    });
  }
  dtmf(callId: string, digits: string): Promise<'rtp' | 'info'> {
    return this.run((p) => p.dtmf(callId, digits));
  }
  transfer(callId: string, target: string, options: { handoff?: string } = {}): Promise<true> {
    return this.run(async (p) => (await p.blindTransfer(callId, target, options), true as const));
  }
  conference(callId: string, otherCallId: string): Promise<true> {
    return this.run(async (p) => (await p.conference(callId, otherCallId), true as const));
  }
  attendedTransfer(callId: string, consultCallId: string): Promise<true> {
    return this.run(async (p) => (await p.attendedTransfer(callId, consultCallId), true as const));
  }

  private readonly handoffListeners = new Set<(callId: string, handoffId: string, assertedSender: string | null) => void>();

  /** Told when a call rings in carrying a hand-off id, with who the SIP server asserts placed it (null: nobody). */
  onHandoff(listener: (callId: string, handoffId: string, assertedSender: string | null) => void): () => void {
    this.handoffListeners.add(listener);
    return () => this.handoffListeners.delete(listener);
  }

  private readonly conferenceFailureListeners = new Set<(callIds: string[]) => void>();

  /** Told with the calls of a conference undone because its audio failed (the escalation falls back). */
  onConferenceFailed(listener: (callIds: string[]) => void): () => void {
    this.conferenceFailureListeners.add(listener);
    return () => this.conferenceFailureListeners.delete(listener);
  }

  /**
   * The page says a call's media failed. A conference it was part of is undone (neither call is shown
   * conferenced, the mix is torn down) and the agent is told; other calls are left to their own signs.
   */
  async conferenceMediaFailed(callId: string): Promise<void> {
    const c = this.get(callId);
    if (!this.phone || !c || c.monitor || c.conferenceWith.length === 0) return;
    const undone = await this.phone.unconference(callId);
    this.tellMediaFailed(callId, 'conference');
    for (const l of this.conferenceFailureListeners) l(undone);
  }

  /** The agent's (or lead's) page is told that a conference or monitoring session lost its audio. */
  tellMediaFailed(callId: string, during: 'conference' | 'monitor'): void {
    this.events.emit('call.mediaFailed', { callId, during });
  }

  restartIce(callId: string): Promise<true> {
    return this.run(async (p) => (await p.restartIce(callId), true as const));
  }

  notify(target: string, body: string): Promise<void> {
    return this.run((p) => p.sendMessage(target, body));
  }

  /** Waits until a call is connected (true) or ended (false). */
  whenConnected(callId: string, timeoutMs = 60_000): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (c: CallView | null) => {
        if (!c) {
          done(false);
          return;
        }
        if (c.state === 'active') {
          done(true);
          return;
        }
        if (c.state === 'ended') {
          done(false);
          return;
        }
      };
      const off = this.phone?.on('call', (c) => {
        if (c.id === callId) check(c);
      });
      const timer = setTimeout(() => {
        done(false);
      }, timeoutMs);
      const done = (v: boolean) => {
        clearTimeout(timer);
        off?.();
        resolve(v);
      };
      check(this.phone?.get(callId) ?? null);
    });
  }

  /** A renderer (re)started: move the media of calls in progress to it. */
  reattachMedia(): Promise<number> {
    return this.phone ? this.phone.renegotiateAll() : Promise.resolve(0);
  }

  private readonly popped = new Set<string>();

  private onCall(c: CallView): void {
    this.calls.changed(c);
    // A lead's monitoring leg is not a call with a caller: no pop, no change of the agent's state.
    if (c.monitor) return;
    if (c.direction === 'inbound' && c.state === 'ringing' && !this.popped.has(c.id)) {
      this.popped.add(c.id);
      this.screenPop(c);
    }
    if (c.state === 'ended') this.popped.delete(c.id);
    const active = agentFollowsCalls(this.agent, this.phone?.list() ?? [], c);
    // The board's flags belong to the call: they clear with the last call.
    if (!active && c.state === 'ended') this.setPresenceExtras({ verification: 'none', escalation: null });
  }

  private async run<T>(fn: (p: Softphone) => T | Promise<T>): Promise<T> {
    if (!this.phone) throw new CodedError('phoneOffline', 'No SIP account is configured');
    try {
      return await fn(this.phone);
    } catch (err) {
      if (err instanceof PhoneError) throw new CodedError(err.code, err.message);
      throw err;
    }
  }
}
