/**
 * The phone as the services use it (the call bar's handlers, escalations): what the live SIP phone
 * (electron/main/services/phone.ts) and practice mode's simulated phone (electron/practice) both
 * offer. Monitoring and the SIP registration hooks are the live desk's alone and are not part of it.
 */
import type { AgentState, AgentStatus } from '../../shared/domain/agent';
import type { PresenceExtras } from '../../shared/domain/board';
import type { CallView } from '../../shared/domain/call';
import type { PhoneStatus, SipAccount } from '../../shared/domain/phone';
import type { PhoneState } from '../../shared/ipc/contract';

export interface PhonePort {
  status(): PhoneStatus;
  state(): PhoneState;
  get(callId: string): CallView | null;
  configure(account: SipAccount): Promise<PhoneState>;
  stop(): Promise<void>;
  /** Places a call; `consultFor` names the caller's call when it is an escalation's consult leg (`handoff`: its hand-off id, sent in a header). */
  dial(number: string, leg?: { consultFor: string; handoff?: string }): Promise<CallView>;
  answer(callId: string): Promise<true>;
  reject(callId: string): Promise<true>;
  hangup(callId: string, reason?: { cause: number; text: string }): Promise<true>;
  hold(callId: string, hold: boolean): Promise<true>;
  mute(callId: string, muted: boolean): Promise<true>;
  dtmf(callId: string, digits: string): Promise<'rtp' | 'info'>;
  /** Blind transfer; `handoff`: an escalation's hand-off id, sent with the REFER for the SIP server to carry on. */
  transfer(callId: string, target: string, options?: { handoff?: string }): Promise<true>;
  conference(callId: string, otherCallId: string): Promise<true>;
  attendedTransfer(callId: string, consultCallId: string): Promise<true>;
  restartIce(callId: string): Promise<true>;
  /** A SIP MESSAGE to another desk (the team lead's notices). */
  notify(target: string, body: string): Promise<void>;
  /** Waits until a call is connected (true) or ended (false). */
  whenConnected(callId: string, timeoutMs?: number): Promise<boolean>;
  /** A window (re)started: the media of calls in progress moves to it. */
  reattachMedia(): Promise<number>;
  /** What the team-lead board shows besides the agent's state (caller verification, escalation raised). */
  setPresenceExtras(patch: Partial<PresenceExtras>): void;
  presenceExtras(): PresenceExtras;
}

/** The agent's state as a phone moves it. */
export interface AgentStateHolder {
  get(): AgentStatus;
  set(state: AgentState): AgentStatus;
}

/** The agent's state follows the calls: on a call while one is up, wrap-up when the last one ends. */
export function agentFollowsCalls(agent: AgentStateHolder, calls: CallView[], changed: CallView): boolean {
  // A team lead's monitoring leg is not a call of the agent's.
  const active = calls.some((x) => !x.monitor && x.state !== 'ended' && x.state !== 'ringing');
  const state = agent.get().state;
  if (active && state !== 'onCall') agent.set('onCall');
  else if (!active && changed.state === 'ended' && changed.answeredAt && state === 'onCall') agent.set('wrapUp');
  return active;
}
