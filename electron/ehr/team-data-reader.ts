/**
 * A team lead's reads of the team's records from the organisation's FHIR server: a period's contact figures (calls and
 * wrap-ups) and survey answers for the KPIs, and the practice attempts of every trainee. Each is a FHIR search by
 * category and `sent` (cache/fhir/record-shapes.ts), paged and bounded; every resource read back is checked
 * (team-data-mapping.ts) and one that is not well formed is left out and counted. A server that cannot be read throws
 * (a coded FhirError): the caller decides what to show instead.
 */
import type { FhirResource } from 'fhir/r4';
import { RECORD_SHAPES, RECORD_KIND_SYSTEM, periodSearch } from '../cache/fhir/record-shapes';
import type { CallRecord, KpiWindow, SurveyAnswer, WrapUpRecord } from '../cache/repositories/contact-records';
import type { PracticeAttempt } from '../../shared/practice/view';
import type { FhirClient, SearchOptions } from './fhir-client';
import { FhirError } from './fhir-error';
import { type SiteEhr, siteFhirClient } from './site-connection';
import { contactFromServer, practiceAttemptFromServer, surveyFromServer } from './team-data-mapping';

/** What one read found: the records that passed, how many did not, and whether the bound stopped it early. */
export interface ServerRead<T> {
  value: T;
  skipped: number;
  complete: boolean;
}

export interface TeamDataBounds {
  /** Resources a page. Default 500. */
  pageSize: number;
  /** Resources one search keeps at most (then the read says it is not complete). Default 20 000. */
  maxResources: number;
}

const DEFAULT_BOUNDS: TeamDataBounds = { pageSize: 500, maxResources: 20_000 };
/** Practice attempts read at most for one history (the newest first). */
const PRACTICE_READ_MAX = 2000;

export class TeamDataReader {
  private readonly bounds: TeamDataBounds;

  constructor(
    private readonly client: FhirClient,
    bounds: Partial<TeamDataBounds> = {},
    /** Drops the cached access token (the server answered 401/403 to it). */
    private readonly invalidateToken: () => void = () => undefined,
  ) {
    this.bounds = { ...DEFAULT_BOUNDS, ...bounds };
  }

  /** Calls offered in [from, to), wrap-ups saved in [from, wrapUpsTo) and survey answers sent in [from, surveysTo). */
  async contacts(w: KpiWindow): Promise<ServerRead<{ calls: CallRecord[]; wrapUps: WrapUpRecord[]; surveys: SurveyAnswer[] }>> {
    const { pageSize } = this.bounds;
    const [contacts, answers] = await Promise.all([
      this.search(periodSearch(RECORD_SHAPES.contact, w.from, w.wrapUpsTo, pageSize)),
      this.search(periodSearch(RECORD_SHAPES.surveyResponse, w.from, w.surveysTo, pageSize)),
    ]);
    const calls: CallRecord[] = [];
    const wrapUps: WrapUpRecord[] = [];
    const surveys: SurveyAnswer[] = [];
    let skipped = 0;
    for (const resource of contacts.resources) {
      const c = contactFromServer(resource);
      if (!c) skipped += 1;
      else if (c.kind === 'wrap-up') wrapUps.push(c.wrapUp);
      // A call's `sent` is its offer: those after the period's end were read only for their wrap-ups' sake.
      else if (c.call.offeredAt >= w.from && c.call.offeredAt < w.to) calls.push(c.call);
    }
    for (const resource of answers.resources) {
      const s = surveyFromServer(resource);
      if (s) surveys.push(s);
      else skipped += 1;
    }
    return { value: { calls, wrapUps, surveys }, skipped, complete: contacts.complete && answers.complete };
  }

  /** Finished practice calls, newest first: one trainee's, or everyone's; at most `limit`. */
  async practiceAttempts(trainee: string | null, limit = 200): Promise<ServerRead<PracticeAttempt[]>> {
    const found = await this.search(
      {
        category: `${RECORD_KIND_SYSTEM}|${RECORD_SHAPES.practiceAttempt.category}`,
        _sort: '-sent',
        _count: String(Math.min(this.bounds.pageSize, 200)),
      },
      PRACTICE_READ_MAX,
    );
    const attempts: PracticeAttempt[] = [];
    let skipped = 0;
    for (const resource of found.resources) {
      const a = practiceAttemptFromServer(resource);
      if (!a) skipped += 1;
      else if (trainee === null || a.trainee === trainee) attempts.push(a);
    }
    attempts.sort((a, b) => b.endedAt.localeCompare(a.endedAt));
    return { value: attempts.slice(0, limit), skipped, complete: found.complete };
  }

  /** One bounded search; a token the server no longer takes is dropped and the search made once more with a fresh one. */
  private async search(
    params: Record<string, string | string[]>,
    maxResources = this.bounds.maxResources,
  ): Promise<{ resources: FhirResource[]; complete: boolean }> {
    const pageSize = Number(params._count ?? this.bounds.pageSize);
    const options: SearchOptions = { maxResources, maxPages: Math.ceil(maxResources / pageSize) + 1 };
    const once = () => this.client.search('Communication', params, options);
    const r = await once().catch((err: unknown) => {
      if (!(err instanceof FhirError) || err.code !== 'ehrUnauthorized') throw err;
      this.invalidateToken();
      return once();
    });
    return { resources: r.resources, complete: r.complete };
  }
}

/** The reader over the site's FHIR connection (its authorizer signs each request), or null when the site has none. */
export function teamDataReader(link: SiteEhr['link'], options: { timeoutMs?: number; bounds?: Partial<TeamDataBounds> } = {}): TeamDataReader | null {
  if (!link) return null;
  const client = siteFhirClient(link, { timeoutMs: options.timeoutMs ?? 10_000 });
  return new TeamDataReader(client, options.bounds, () => {
    link.authorizer.invalidate();
  });
}
