/**
 * The incremental sync: after the first load, what changed on the server since the sync point
 * (`_history?_since=`, system level, page by page through `next` links) reaches the cache through the
 * `ServerCopy` port — creates and updates by `apply` (the version rule keeps the newest), deletions by
 * `remove`. The sync point (the latest server `lastUpdated` seen) is kept in the store after each
 * complete run, so a restart continues from it.
 *
 * `syncNow()` runs one sync (a subscription notification calls it); calls while one runs coalesce
 * into one follow-up run. A polling timer is the fallback. When the server cannot be reached, the
 * status says offline with the error code, the cache keeps answering, and the sync is retried with
 * backoff. Listeners hear the status and which patients changed (ids only).
 */
import type { Resource } from 'fhir/r4';
import { CodedError, type ErrorCode } from '../../shared/errors';
import { SUPPORTED_RESOURCE_TYPES } from '../cache/fhir/resources';
import type { FhirClient, HistoryEntry } from './fhir-client';
import { FhirError } from './fhir-error';
import type { ServerCopy } from './server-copy';
import { readSyncPoint, writeSyncPoint, type SyncStateStore } from './sync-state';

export interface SyncRunResult {
  /** History entries read. */
  entries: number;
  /** Entries of resource types the cache does not keep (the history is the whole server's). */
  ignored: number;
  applied: number;
  stale: number;
  rejected: number;
  removed: number;
  /** The patients whose copy changed (ids only). */
  patientIds: string[];
  syncPoint: string;
}

export interface SyncStatus {
  state: 'idle' | 'running' | 'offline';
  /** When (this desk's clock) the last sync completed. */
  lastSuccessAt: string | null;
  /** The server instant the copy is complete up to. */
  syncPoint: string | null;
  /** Why the last run failed (offline), else null. */
  errorCode: ErrorCode | null;
  /** When the next run is due (a retry while offline, else the polling timer), if one is scheduled. */
  nextRunAt: string | null;
  /** What the last successful run did. */
  lastRun: Omit<SyncRunResult, 'patientIds'> | null;
}

export type SyncStatusListener = (status: SyncStatus) => void;
export type PatientsChangedListener = (patientIds: string[]) => void;

export interface SyncEngineOptions {
  client: FhirClient;
  copy: ServerCopy;
  state: SyncStateStore;
  /** The polling fallback. Default 60 s; 0 turns it off (a subscription calls syncNow). */
  pollIntervalMs?: number;
  /** The first retry after a failure, doubling up to `maxBackoffMs`. Defaults 2 s and 5 min. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** History entries per page (`_count`). Default 200. */
  pageSize?: number;
}

const KEPT_TYPES: ReadonlySet<string> = new Set(SUPPORTED_RESOURCE_TYPES);

const isErrorCode = (err: unknown): ErrorCode => (err instanceof CodedError ? err.code : 'internal');

export class SyncEngine {
  private running: Promise<SyncRunResult> | null = null;
  private followUp: Promise<SyncRunResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private failures = 0;
  private readonly statusListeners = new Set<SyncStatusListener>();
  private readonly patientListeners = new Set<PatientsChangedListener>();
  private current: SyncStatus;
  private readonly pollIntervalMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly o: SyncEngineOptions) {
    this.pollIntervalMs = nonNegative(o.pollIntervalMs ?? 60_000, 'pollIntervalMs');
    this.initialBackoffMs = nonNegative(o.initialBackoffMs ?? 2000, 'initialBackoffMs') || 1;
    this.maxBackoffMs = Math.max(this.initialBackoffMs, nonNegative(o.maxBackoffMs ?? 300_000, 'maxBackoffMs'));
    this.current = { state: 'idle', lastSuccessAt: null, syncPoint: readSyncPoint(o.state), errorCode: null, nextRunAt: null, lastRun: null };
  }

  status(): SyncStatus {
    return { ...this.current };
  }

  onStatus(listener: SyncStatusListener): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  onPatientsChanged(listener: PatientsChangedListener): () => void {
    this.patientListeners.add(listener);
    return () => void this.patientListeners.delete(listener);
  }

  /** Starts the polling fallback (and a first sync now). */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.syncNow().catch(() => undefined);
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer();
    this.update({ nextRunAt: null });
    await Promise.allSettled([this.running, this.followUp]);
  }

  /**
   * One sync now. While a run is in progress, every call gets the same single follow-up run (started
   * when the current one ends), so a burst of notifications costs at most two runs.
   */
  syncNow(): Promise<SyncRunResult> {
    if (!this.running) return this.begin();
    this.followUp ??= this.running.then(
      () => this.afterCurrent(),
      () => this.afterCurrent(),
    );
    return this.followUp;
  }

  private afterCurrent(): Promise<SyncRunResult> {
    this.followUp = null;
    return this.begin();
  }

  private begin(): Promise<SyncRunResult> {
    this.clearTimer();
    const run = this.run().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<SyncRunResult> {
    this.update({ state: 'running', nextRunAt: null });
    try {
      const result = await this.syncOnce();
      this.failures = 0;
      this.update({ state: 'idle', errorCode: null, lastSuccessAt: new Date().toISOString(), syncPoint: result.syncPoint, lastRun: withoutPatients(result) });
      this.schedule(this.pollIntervalMs);
      return result;
    } catch (err) {
      this.failures += 1;
      this.update({ state: 'offline', errorCode: isErrorCode(err) });
      const backoff = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(this.failures - 1, 20));
      // A server that said when to come back (429/503 Retry-After, bounded) is not asked sooner.
      this.schedule(Math.max(backoff, err instanceof FhirError && err.retryAfterMs !== undefined ? err.retryAfterMs : 0));
      throw err;
    }
  }

  private async syncOnce(): Promise<SyncRunResult> {
    const since = readSyncPoint(this.o.state);
    if (since === null) throw new CodedError('ehrNotLoaded', 'the cache has had no first load from the FHIR server (carefront-admin ehr load)');
    const result: SyncRunResult = { entries: 0, ignored: 0, applied: 0, stale: 0, rejected: 0, removed: 0, patientIds: [], syncPoint: since };
    const patients = new Set<string>();
    let latest = Date.parse(since);
    let latestText = since;
    for await (const page of this.o.client.historyPages({ since, pageSize: this.o.pageSize ?? 200 })) {
      result.entries += page.length;
      const changed: Resource[] = [];
      const deleted: HistoryEntry[] = [];
      for (const entry of page) {
        if (entry.lastUpdated && Date.parse(entry.lastUpdated) > latest) {
          latest = Date.parse(entry.lastUpdated);
          latestText = entry.lastUpdated;
        }
        if (!KEPT_TYPES.has(entry.resourceType)) result.ignored += 1;
        else if (entry.method === 'DELETE' || !entry.resource) deleted.push(entry);
        else changed.push(entry.resource);
      }
      const applied = this.o.copy.apply(changed, 'sync');
      result.applied += applied.applied;
      result.stale += applied.stale;
      result.rejected += applied.rejected;
      for (const id of applied.patientIds) patients.add(id);
      for (const d of deleted) {
        if (this.o.copy.remove(d.resourceType, d.id, 'sync', { versionId: d.versionId ?? null, lastUpdated: d.lastUpdated ?? null })) {
          result.removed += 1;
          if (d.resourceType === 'Patient') patients.add(d.id);
        }
      }
    }
    // Complete: the next run asks from the latest change seen (inclusive: what it sees again is stale).
    if (latestText !== since) writeSyncPoint(this.o.state, latestText);
    result.syncPoint = latestText;
    result.patientIds = [...patients];
    if (result.patientIds.length > 0)
      for (const listener of [...this.patientListeners])
        safeCall(() => {
          listener([...result.patientIds]);
        });
    return result;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (!this.started || ms <= 0) {
      this.update({ nextRunAt: null });
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow().catch(() => undefined);
    }, ms);
    this.timer.unref();
    this.update({ nextRunAt: new Date(Date.now() + ms).toISOString() });
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private update(change: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...change };
    const snapshot = this.status();
    for (const listener of [...this.statusListeners])
      safeCall(() => {
        listener(snapshot);
      });
  }
}

const withoutPatients = ({ patientIds: _ignored, ...rest }: SyncRunResult): Omit<SyncRunResult, 'patientIds'> => rest;

/** A listener that throws does not stop the sync or the other listeners. */
function safeCall(fn: () => void): void {
  try {
    fn();
  } catch {
    // Nothing of the failure is logged here: listeners log their own errors without data.
  }
}

function nonNegative(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 0) throw new CodedError('invalidArgument', `${name} must be a whole number of milliseconds`);
  return n;
}
