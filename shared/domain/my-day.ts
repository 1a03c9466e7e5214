import type { AgentState } from './agent';

/** The agent's own figures for today (since local midnight): theirs, not the team's. */
export interface MyDay {
  /** Local midnight, ISO: when "today" began. */
  since: string;
  /** Inbound calls that rang at this desk and ended today, and how many of them were answered. */
  calls: number;
  answered: number;
  /** Mean seconds from answer to hang-up of the answered calls; null with none. */
  averageHandleSeconds: number | null;
  /** Mean after-call work of the wrap-ups saved today; null with none. */
  averageAfterCallSeconds: number | null;
  /** Seconds in each state today, counted by this desk since it started (a restart starts the count again). */
  secondsInState: Partial<Record<AgentState, number>>;
  /** When this desk started counting the states (the later of its start and midnight). */
  statesSince: string;
}
