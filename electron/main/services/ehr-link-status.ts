/**
 * The one place that holds the EHR link's state (shared/domain/ehr-link.ts). The sync engine and the
 * outbox worker tell it what happens through the small methods below; every change is checked against
 * the strict schema and announced as the domain event `sync.changed` (forwarded to the page as
 * `ehr.status`). With no FHIR server configured the link is `notConfigured`, and stays so.
 *
 * The first load's progress may be reported as often as the engine likes: the state follows every
 * call, the event at most once per `progressEveryMs` (the last progress is always sent). Any other
 * change is sent at once.
 */
import {
  EhrLinkStatusSchema,
  InitialLoadSchema,
  NO_OUTBOX,
  OutboxCountsSchema,
  ServerOriginSchema,
  type EhrLinkState,
  type EhrLinkStatus,
  type InitialLoad,
  type OutboxCounts,
} from '../../../shared/domain/ehr-link';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { DomainEventBus } from '../domain-events';
import { z } from 'zod';

/** The origin of a FHIR base URL (`https://fhir.example.org/r4` → `https://fhir.example.org`); a clear error otherwise. */
export function serverOriginOf(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error('The FHIR base URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The FHIR base URL must be http(s)');
  return ServerOriginSchema.parse(url.origin);
}

const IsoTime = z.iso.datetime({ offset: true });
const Code = z.enum(ERROR_CODES);

export interface EhrLinkStatusOptions {
  /** The least time between two progress events of the first load. Default 500 ms. */
  progressEveryMs?: number;
  /** The clock (the time a state was entered). */
  now?: () => Date;
}

export class EhrLinkStatusService {
  private status: EhrLinkStatus;
  private readonly progressEveryMs: number;
  private readonly now: () => Date;
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly events: DomainEventBus,
    options: EhrLinkStatusOptions = {},
  ) {
    this.progressEveryMs = options.progressEveryMs ?? 500;
    this.now = options.now ?? (() => new Date());
    this.status = EhrLinkStatusSchema.parse({
      configured: false,
      server: null,
      state: 'notConfigured',
      since: this.now().toISOString(),
      lastSyncAt: null,
      initialLoad: null,
      outbox: NO_OUTBOX,
      lastError: null,
    });
  }

  get(): EhrLinkStatus {
    return structuredClone(this.status);
  }

  /**
   * A FHIR server is configured (at start or when the settings change): the link reaches for it.
   * Only the base URL's origin is kept. Another server's copy is not this one's: the last sync is forgotten.
   */
  configure(baseUrl: string): EhrLinkStatus {
    const server = serverOriginOf(baseUrl);
    const lastSyncAt = server === this.status.server ? this.status.lastSyncAt : null;
    return this.change({ configured: true, server, state: 'connecting', lastSyncAt, initialLoad: null, lastError: null });
  }

  /** The FHIR connection was removed: the desk works from the local store alone (the outbox counts stay). */
  unconfigure(): EhrLinkStatus {
    return this.change({ configured: false, server: null, state: 'notConfigured', lastSyncAt: null, initialLoad: null, lastError: null });
  }

  /** Reaching the server (again): at start, or retrying after an outage or a refusal. */
  connecting(): EhrLinkStatus {
    this.requireConfigured('connecting');
    return this.change({ state: 'connecting', initialLoad: null });
  }

  /** The first load's progress so far (its events are coalesced, see above). */
  loadProgress(progress: InitialLoad): EhrLinkStatus {
    this.requireConfigured('loadProgress');
    const initialLoad = InitialLoadSchema.parse(progress);
    return this.change({ state: 'initialLoad', initialLoad, lastError: null }, { coalesce: this.status.state === 'initialLoad' });
  }

  /**
   * The local copy is up to date as of `at` (ISO time): kept so from now on as the server reports
   * changes (`live`) or by asking it at intervals (`polling`). The last sync never moves back in time.
   */
  synced(at: string, how: 'live' | 'polling'): EhrLinkStatus {
    this.requireConfigured('synced');
    const time = new Date(IsoTime.parse(at)).toISOString();
    const last = this.status.lastSyncAt;
    const lastSyncAt = last && Date.parse(last) > Date.parse(time) ? last : time;
    return this.change({ state: how, lastSyncAt, initialLoad: null, lastError: null });
  }

  /** The server cannot be reached (`code` says how): the desk works from the local copy. */
  offline(code: ErrorCode): EhrLinkStatus {
    this.requireConfigured('offline');
    return this.change({ state: 'offline', initialLoad: null, lastError: Code.parse(code) });
  }

  /** The server or its sign-in service refused this desk (`code` says how): the desk works from the local copy. */
  authFailed(code: ErrorCode): EhrLinkStatus {
    this.requireConfigured('authFailed');
    return this.change({ state: 'authFailed', initialLoad: null, lastError: Code.parse(code) });
  }

  /** The outbox worker's counts: writes waiting for the server, writes that failed for good. */
  outboxCounts(counts: OutboxCounts): EhrLinkStatus {
    const outbox = OutboxCountsSchema.parse(counts);
    const iso = (t: string) => new Date(t).toISOString();
    return this.change({
      outbox: {
        ...outbox,
        oldestWaitingSince: outbox.oldestWaitingSince && iso(outbox.oldestWaitingSince),
        ...(outbox.failingSince ? { failingSince: iso(outbox.failingSince) } : {}),
      },
    });
  }

  /** Sends a progress event still held back, and stops the timer (at shut-down). */
  stop(): void {
    if (this.pending) this.flush();
  }

  private requireConfigured(what: string): void {
    if (!this.status.configured) throw new Error(`The EHR link is not configured (${what})`);
  }

  /** Applies a change, checked by the schema; sends the event if anything changed. */
  private change(patch: Partial<EhrLinkStatus>, { coalesce = false } = {}): EhrLinkStatus {
    const state: EhrLinkState = patch.state ?? this.status.state;
    const since = state === this.status.state ? this.status.since : this.now().toISOString();
    const next = EhrLinkStatusSchema.parse({ ...this.status, ...patch, since });
    if (JSON.stringify(next) === JSON.stringify(this.status)) return this.get();
    this.status = next;
    const wait = this.lastEmitAt + this.progressEveryMs - Date.now();
    if (coalesce && wait > 0) {
      this.pending ??= setTimeout(() => {
        this.flush();
      }, wait);
    } else {
      this.flush();
    }
    return this.get();
  }

  private flush(): void {
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    this.lastEmitAt = Date.now();
    this.events.emit('sync.changed', this.get());
  }
}
