import { z } from 'zod';

/** The agent's own availability, shown in the status selector and published as SIP presence. */
export const AGENT_STATES = ['available', 'onCall', 'wrapUp', 'break', 'offline'] as const;
export const AgentStateSchema = z.enum(AGENT_STATES);
export type AgentState = z.infer<typeof AgentStateSchema>;

export interface AgentStatus {
  state: AgentState;
  /** ISO timestamp of the last change. */
  since: string;
}
