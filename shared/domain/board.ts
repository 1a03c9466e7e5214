/**
 * The team-lead board: one row per team member, built in the lead's main process from the SIP
 * presence (PIDF) and dialog-info (RFC 4235) NOTIFYs the SIP server sends, and the escalation
 * notices (SIP MESSAGE) agents send. Plain serialisable data; no patient data ever.
 */
import type { AgentState } from './agent';
import type { Escalation } from '../escalation/targets';

/** Where identity verification of the agent's current caller stands (`none`: no caller being checked). */
export const CALLER_VERIFICATION = ['none', 'unverified', 'verified', 'failed'] as const;
export type CallerVerification = (typeof CALLER_VERIFICATION)[number];

/** What an agent's desktop publishes in its presence besides its state (no patient data). */
export interface PresenceExtras {
  verification: CallerVerification;
  /** The escalation raised on the current call, until the call ends. */
  escalation: Escalation | null;
  /** Why the agent is not ready (a reason id; state `break` only). */
  notReady?: string | null;
}

export interface BoardRow {
  /** The member's SIP user (the row key). */
  agent: string;
  name: string;
  state: AgentState;
  /** When the agent entered this state (ISO), as the agent published it; null until known. */
  since: string | null;
  /** When the current call was answered (ISO), from the dialog event package; null with no call. */
  callSince: string | null;
  verification: CallerVerification;
  escalation: Escalation | null;
  /** Why the agent is not ready: a reason of the lead's file, 'other' for one it does not know; null when not on a break. */
  notReady: string | null;
  /** The lead's limit for that reason (minutes), null when it has none. */
  notReadyLimitMinutes: number | null;
  /** Hard calls (crisis, privacy escalation, abusive caller) in a row, as the agent's desktop last said; an ordinary call ends the run. */
  hardCallsInARow: number;
  /** When the lead's desktop last heard from this agent (ISO). */
  updatedAt: string | null;
}
