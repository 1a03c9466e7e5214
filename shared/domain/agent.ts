import { z } from 'zod';

/** The agent's own availability, shown in the status selector and published as SIP presence. */
export const AGENT_STATES = ['available', 'onCall', 'wrapUp', 'break', 'offline'] as const;
export const AgentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentStateSchema>;

/** `break` is the not-ready state: it carries why (a reason of assets/not-ready/reasons.json). */
export interface AgentStatus {
  state: AgentState;
  /** Why the agent is not ready (state `break` only; null otherwise). */
  reason: string | null;
  /** ISO timestamp of the last change. */
  since: string;
}
