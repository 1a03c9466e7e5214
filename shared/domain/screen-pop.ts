/** The screen pop: who an incoming call may be, looked up in the cache before the agent answers. */
import type { CallerChoice } from './patient';

export interface ScreenPop {
  callId: string;
  /** The caller's number in E.164, when the caller ID is one. */
  number: string | null;
  matches: CallerChoice[];
  /** From the call reaching the main process to the matches being ready. */
  lookupMs: number;
  /**
   * Where the lookup's time went, in milliseconds (timings only): the number's normalisation, the
   * read, the audit row's steps (begin, chain, insert, commit, sign, checkpoint), the choices, CPU
   * time and involuntary context switches; also the time from the INVITE to the pop's start and the
   * main process's largest event-loop delay since the previous pop. For the benchmarks.
   */
  lookupSpans?: Record<string, number>;
  /** When the INVITE reached the main process (epoch milliseconds): the start of the pop's clock. */
  inviteAt: number;
}
