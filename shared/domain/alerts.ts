/** The team lead's alerts: raised in the lead's main process from the board and agents' notices. */
import type { Escalation, EscalationReason } from '../escalation/targets';

export const ALERT_KINDS = ['escalation', 'longCall', 'failedVerification', 'longWrapUp'] as const;
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
  /** An escalation that did not happen: nobody answered, or its conference had no audio. */
  outcome?: 'unanswered' | 'mediaFailed';
}

/** A call id as a lead reads it beside an alert: its first eight characters. */
export const shortCallId = (callId: string): string => callId.slice(0, 8);
