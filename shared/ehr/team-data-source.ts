/**
 * Where a team lead's figures came from (the KPI report, the practice history), so the page can say so: the
 * organisation's FHIR server (how many records could not be read and were left out; whether a bound stopped the read
 * before the end), this desk's own records (no FHIR server is set up, or a trainee's own history), or this desk's copy
 * because the server could not be read (since when, and why). Counts, a time and a code only.
 */
import type { ErrorCode } from '../errors';

export type TeamDataSource =
  | {
      kind: 'server';
      /** Records read back that were not what the desks write (malformed, out of range): left out, counted. */
      skipped: number;
      /** False when the read stopped at its bound (more records than one report reads): the figures cover the first part. */
      complete: boolean;
    }
  | { kind: 'local' }
  | {
      kind: 'localFallback';
      /** Since when the server's reads have been failing (ISO). */
      since: string;
      /** Why the last read failed: ehrUnreachable, ehrUnauthorized, … */
      code: ErrorCode;
    };

/** A lead's figures, with where they came from. */
export type Sourced<T> = T & { source: TeamDataSource };
