/** The events a Softphone emits, and the emit function its parts are given. */
import type { CallView } from '../../shared/domain/call';
import type { MonitorMode } from '../../shared/domain/monitor';
import type { PhoneStatus } from '../../shared/ipc/contract';

export type SoftphoneEvents = {
  status: (s: PhoneStatus) => void;
  call: (c: CallView) => void;
  dtmf: (callId: string, digits: string, via: 'info' | 'rtp') => void;
  /** A SIP MESSAGE (e.g. an escalation notice for a team lead): sender and body, length-limited. */
  message: (from: string, body: string, contentType: string) => void;
  /** A team lead's monitoring call arrived (not rung, not popped): accept or reject it. */
  monitorRequest: (callId: string, from: string, mode: MonitorMode) => void;
  /** The lead changed the mode of a monitoring session in progress (SIP INFO). */
  monitorMode: (callId: string, mode: MonitorMode) => void;
  /** A call carried a hand-off id (X-Carefront-Handoff); `assertedSender` is the SIP server's word for who placed it (null: none). */
  handoff: (callId: string, handoffId: string, assertedSender: string | null) => void;
};

export type Emit = <K extends keyof SoftphoneEvents>(event: K, ...args: Parameters<SoftphoneEvents[K]>) => void;
