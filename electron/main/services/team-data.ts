/**
 * Where a team lead's figures come from. With the site's FHIR connection the team's records are read from the
 * organisation's server (every desk writes its own there); when the server cannot be read the lead gets this desk's
 * local copy instead, and is told since when the server has been failing and why. Without a connection the local
 * store is the only source (filled, for the KPIs, by the agents' SIP MESSAGE copies), and that is said too.
 */
import { CodedError } from '../../../shared/errors';
import type { TeamDataSource } from '../../../shared/ehr/team-data-source';
import type { ServerRead, TeamDataReader } from '../../ehr/team-data-reader';
import { safeLog } from '../safe-log';

export class TeamDataService {
  /** When the first of the server reads that have failed since the last one that went through failed. */
  private failingSince: string | null = null;

  constructor(
    /** The server's reader; null when the site has no FHIR connection. */
    readonly reader: TeamDataReader | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** True when the team's records are on the site's FHIR server (the desks write them there, not to the leads by SIP). */
  get onServer(): boolean {
    return this.reader !== null;
  }

  /** The server's answer when it can be read, else `local()` (computed only then), with where the value came from. */
  async read<S, T>(
    server: (r: TeamDataReader) => Promise<ServerRead<S>>,
    fromServer: (s: S) => T,
    local: () => T,
  ): Promise<{ value: T; source: TeamDataSource }> {
    if (!this.reader) return { value: local(), source: { kind: 'local' } };
    try {
      const read = await server(this.reader);
      this.failingSince = null;
      if (read.skipped) safeLog.warn(`team data: ${read.skipped} record(s) on the FHIR server were not well formed and were left out`);
      return { value: fromServer(read.value), source: { kind: 'server', skipped: read.skipped, complete: read.complete } };
    } catch (err) {
      const code = err instanceof CodedError ? err.code : 'internal';
      if (!(err instanceof CodedError)) safeLog.warn('team data: the FHIR server read failed', err);
      this.failingSince ??= this.now().toISOString();
      return { value: local(), source: { kind: 'localFallback', since: this.failingSince, code } };
    }
  }
}
