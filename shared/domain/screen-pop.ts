/** The screen pop: who an incoming call may be, looked up in the cache before the agent answers. */
import type { CallerChoice } from './patient';

export interface ScreenPop {
  callId: string;
  /** The caller's number in E.164, when the caller ID is one. */
  number: string | null;
  matches: CallerChoice[];
  /** From the call reaching the main process to the matches being ready. */
  lookupMs: number;
  /** When the INVITE reached the main process (epoch milliseconds): the start of the pop's clock. */
  inviteAt: number;
}
