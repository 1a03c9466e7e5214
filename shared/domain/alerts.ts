/** The team lead's alerts: raised in the lead's main process from the board and agents' notices. */
import type { Escalation, EscalationReason } from '../escalation/targets';
import type { HardCallKind } from './not-ready';

/** notReadyLimit: an agent passed the limit of a not-ready reason; hardCall: an agent's call was hard (see not-ready.ts). */
export const ALERT_KINDS = ['escalation', 'longCall', 'failedVerification', 'longWrapUp', 'notReadyLimit', 'hardCall'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What a lead does about an alert: step into the call, or close it. */
export const FOLLOW_UPS = ['listen', 'whisper', 'barge', 'resolved'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

export interface Alert {
  id: string;
  kind: AlertKind;
  agent: string;
  name: string;
  raisedAt: string;
  escalation: Escalation | null;
  reason: EscalationReason | null;
  /** For an escalation: which call (its id, and when it started; null when the agent's desktop did not say). */
  callId: string | null;
  callStartedAt: string | null;
  /** For long calls and long wrap-ups: the threshold crossed, in seconds. */
  thresholdSeconds: number | null;
  status: 'open' | 'acknowledged' | 'resolved';
  acknowledgedAt: string | null;
  followUp: FollowUp | null;
  followUpAt: string | null;
  /** For a not-ready limit: the reason ('other' for one the lead's file does not know). */
  notReady?: string;
  /** For a hard call: what made it hard, and how many hard calls came in a row (nothing of the caller). */
  hardCall?: { kinds: HardCallKind[]; inARow: number };
  /** An escalation that did not happen: nobody answered, or its conference had no audio. */
  outcome?: 'unanswered' | 'mediaFailed';
}

/** A call id as a lead reads it beside an alert: its first eight characters. */
export const shortCallId = (callId: string): string => callId.slice(0, 8);
