/**
 * Practice mode's phone: the same surface the IPC handlers and the escalation service use of the real
 * PhoneService, with no SIP user agent at all — nothing is registered, dialled or sent. A simulated
 * caller rings in; answer, hold, mute, hang-up, transfers and conferences change plain CallViews and
 * report the same domain events (`call.changed`, `call.ended`, the screen pop), so the real call bar
 * and screen pop work.
 * Escalation targets are simulated colleagues who answer after a moment.
 */
import crypto from 'node:crypto';
import { newCallView, type CallParty, type CallView } from '../../shared/domain/call';
import { CodedError } from '../../shared/errors';
import { settled } from '../../shared/settled';
import type { PhoneState, PhoneStatus } from '../../shared/ipc/contract';
import type { DomainEventBus } from '../main/domain-events';
import { CallReporter } from '../main/call-reporter';
import { agentFollowsCalls, type AgentStateHolder, type PhonePort } from '../softphone/phone-port';
import type { PresenceExtras } from '../../shared/domain/board';

export type SimulatedCallEvent =
  | { type: 'answered'; callId: string }
  | { type: 'hold'; callId: string; hold: boolean }
  | { type: 'endedByAgent'; callId: string }
  /** Handed to a simulated colleague (the call bar's transfer, or a blind escalation). */
  | { type: 'transferred'; callId: string };

const COLLEAGUE_ANSWERS_MS = 300;

export class SimulatedPhone implements PhonePort {
  private readonly calls = new Map<string, CallView>();
  private readonly listeners = new Set<(e: SimulatedCallEvent) => void>();
  private readonly changeListeners = new Set<(c: CallView) => void>();
  private readonly reporter: CallReporter;

  constructor(
    events: DomainEventBus,
    private readonly agent: AgentStateHolder,
    private readonly screenPop: (call: CallView) => void,
  ) {
    this.reporter = new CallReporter(events);
  }

  /** What the trainee does to the simulated caller's call, for the practice session. */
  onCallEvent(listener: (e: SimulatedCallEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A simulated caller rings in; the screen pop runs like a live call's. */
  ringIn(caller: { number: string; displayName: string }): CallView {
    const call = this.create('inbound', { displayName: caller.displayName, user: caller.number, e164: caller.number }, 'ringing');
    this.screenPop(call);
    return call;
  }

  /** The simulated caller (or the scenario) ends the call. */
  endCall(callId: string, reason: string): void {
    const c = this.calls.get(callId);
    if (c && c.state !== 'ended') this.update(callId, { state: 'ended', endedAt: new Date().toISOString(), heldSince: null, endReason: reason });
  }

  /** Ends every call still up (practice call over: the simulated colleagues hang up too). */
  endAll(reason: string): void {
    for (const id of [...this.calls.keys()]) this.endCall(id, reason);
  }

  status(): PhoneStatus {
    return { registration: 'registered', reason: null };
  }

  state(): PhoneState {
    return { status: this.status(), calls: this.list(), account: null };
  }

  configure(): Promise<PhoneState> {
    return Promise.reject(new CodedError('forbidden', 'Practice mode places no real calls: no SIP account can be configured'));
  }

  stop(): Promise<void> {
    this.endAll('practice stopped');
    return Promise.resolve();
  }

  dial(number: string, leg?: { consultFor: string }): Promise<CallView> {
    return settled(() => {
      const call = this.create('outbound', { displayName: `${number} (simulated)`, user: number, e164: null }, 'dialing');
      if (leg) this.reporter.markConsult(call.id);
      setTimeout(() => {
        if (this.calls.get(call.id)?.state === 'dialing') this.update(call.id, { state: 'active', answeredAt: new Date().toISOString() });
      }, COLLEAGUE_ANSWERS_MS).unref();
      return call;
    });
  }

  answer(callId: string): Promise<true> {
    return settled(() => {
      const c = this.need(callId);
      if (c.state !== 'ringing') throw new CodedError('invalidArgument', 'The call is not ringing');
      this.update(callId, { state: 'active', answeredAt: new Date().toISOString() });
      this.tell({ type: 'answered', callId });
      return true;
    });
  }

  async reject(callId: string): Promise<true> {
    return this.hangup(callId);
  }

  hangup(callId: string): Promise<true> {
    return settled(() => {
      const c = this.need(callId);
      this.update(callId, {
        state: 'ended',
        endedAt: new Date().toISOString(),
        heldSince: null,
        endReason: c.state === 'ringing' ? 'rejected' : 'hung up by agent',
      });
      this.tell({ type: 'endedByAgent', callId });
      return true;
    });
  }

  hold(callId: string, hold: boolean): Promise<true> {
    return settled(() => {
      const c = this.need(callId);
      if (hold === (c.state === 'held')) return true;
      if (c.state !== 'active' && c.state !== 'held') throw new CodedError('invalidArgument', 'The call is not connected');
      this.update(callId, hold ? { state: 'held', heldSince: new Date().toISOString() } : { state: 'active', heldSince: null });
      this.tell({ type: 'hold', callId, hold });
      return true;
    });
  }

  mute(callId: string, muted: boolean): Promise<true> {
    return settled(() => {
      this.need(callId);
      this.update(callId, { muted });
      return true;
    });
  }

  dtmf(callId: string, _digits: string): Promise<'rtp' | 'info'> {
    return settled(() => {
      this.need(callId);
      return 'rtp';
    });
  }

  transfer(callId: string, target: string): Promise<true> {
    return settled(() => {
      this.need(callId);
      this.endCall(callId, `transferred to ${target} (simulated)`);
      this.tell({ type: 'transferred', callId });
      return true;
    });
  }

  conference(callId: string, otherCallId: string): Promise<true> {
    return settled(() => {
      const a = this.calls.get(callId);
      const b = this.calls.get(otherCallId);
      // The practice call may have finished while the simulated colleague was answering.
      if (!a || !b || a.state === 'ended' || b.state === 'ended') return true;
      this.update(callId, { state: 'active', heldSince: null, conferenceWith: [b.remote] });
      this.update(otherCallId, { conferenceWith: [a.remote] });
      return true;
    });
  }

  attendedTransfer(callId: string, consultCallId: string): Promise<true> {
    return settled(() => {
      const target = this.need(consultCallId).remote.user;
      this.endCall(callId, `transferred to ${target} (simulated)`);
      this.endCall(consultCallId, 'transfer completed');
      this.tell({ type: 'transferred', callId });
      return true;
    });
  }

  restartIce(callId: string): Promise<true> {
    return settled(() => {
      this.need(callId);
      return true;
    });
  }

  /** The team lead's notice of an escalation: in practice it goes nowhere. */
  notify(_target: string, _body: string): Promise<void> {
    return Promise.resolve();
  }

  whenConnected(callId: string, timeoutMs = 60_000): Promise<boolean> {
    return new Promise((resolve) => {
      const check = (c: CallView | undefined) => {
        if (!c || c.state === 'ended') done(false);
        else if (c.state === 'active') done(true);
      };
      const listener = (c: CallView) => {
        if (c.id === callId) check(c);
      };
      const timer = setTimeout(() => {
        done(false);
      }, timeoutMs);
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.changeListeners.delete(listener);
        resolve(v);
      };
      this.changeListeners.add(listener);
      check(this.calls.get(callId));
    });
  }

  reattachMedia(): Promise<number> {
    return Promise.resolve(0);
  }

  list(): CallView[] {
    return [...this.calls.values()];
  }

  get(callId: string): CallView | null {
    return this.calls.get(callId) ?? null;
  }

  /** Practice publishes no presence: there is no SIP server and no team lead watching. */
  setPresenceExtras(_patch: Partial<PresenceExtras>): void {}

  presenceExtras(): PresenceExtras {
    return { verification: 'none', escalation: null };
  }

  private create(direction: CallView['direction'], remote: CallParty, state: CallView['state']): CallView {
    const call = newCallView({ id: `practice-${crypto.randomUUID()}`, direction, state, remote });
    this.calls.set(call.id, call);
    this.changed(call);
    return call;
  }

  private update(callId: string, patch: Partial<CallView>): void {
    const c = this.calls.get(callId);
    if (!c) return;
    const next = { ...c, ...patch };
    if (next.state === 'ended') this.calls.delete(callId);
    else this.calls.set(callId, next);
    this.changed(next);
  }

  private changed(c: CallView): void {
    this.reporter.changed(c);
    agentFollowsCalls(this.agent, this.list(), c);
    for (const l of [...this.changeListeners]) l(c);
  }

  private need(callId: string): CallView {
    const c = this.calls.get(callId);
    if (!c) throw new CodedError('notFound', 'No such call');
    return c;
  }

  private tell(e: SimulatedCallEvent): void {
    for (const l of this.listeners) l(e);
  }
}
