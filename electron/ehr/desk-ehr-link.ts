/**
 * The live desk's EHR link, put together. With the site's FHIR connection: the first load by `$export` when the
 * store has had none (in the background, its progress told), then the incremental sync engine, woken by the
 * subscription watcher (`onChange` → `syncNow()`) and falling back to the engine's polling timer while the watcher
 * says `polling`; the EHR link status follows the engine, the watcher and the outbox worker's counts. Without a
 * connection nothing is started and the link stays `notConfigured`. `stop()` stops everything it started.
 */
import { codeOf, type ErrorCode } from '../../shared/errors';
import type { WriteBackStatus } from '../../shared/ehr/write-back';
import type { Store } from '../cache/store';
import { EhrSyncStateRepository } from '../cache/repositories/ehr-sync-state';
import { ServerCopyRepository } from '../cache/repositories/server-copy';
import type { EhrLinkStatusService } from '../main/services/ehr-link-status';
import { safeLog } from '../main/safe-log';
import { Backoff } from './backoff';
import { BulkExportClient } from './bulk-export';
import { hasInitialLoad, loadByBulkExport, type BulkLoadProgress } from './bulk-load';
import { FhirClient } from './fhir-client';
import { FhirError } from './fhir-error';
import type { OutboxWorker } from './outbox-worker';
import { siteRequestAuth, type SiteEhr } from './site-connection';
import { SubscriptionWatcher } from './subscription-watcher';
import { SyncEngine, type SyncStatus } from './sync-engine';

export interface DeskEhrLinkOptions {
  store: Store;
  /** The site's FHIR connection and its authorizer (null: none configured, nothing starts). */
  link: SiteEhr['link'];
  status: EhrLinkStatusService;
  /** The desk's outbox worker (its counts feed the status), or null. */
  worker: OutboxWorker | null;
  /** Patients whose cached copy the sync changed (ids only). */
  onPatientsChanged: (patientIds: string[]) => void;
  /** The engine's polling fallback. Default 60 s. */
  pollIntervalMs?: number;
  /** The longest wait between two polls of the first load's export, whatever the server's Retry-After asks. Default 15 s. */
  exportPollMaxMs?: number;
}

export interface DeskEhrLink {
  /** The engine (null with no connection, or until the first load is done). */
  engine(): SyncEngine | null;
  stop(): Promise<void>;
}

/** Codes that mean the server or its sign-in service refused this desk (as opposed to not answering). */
const AUTH_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['ehrUnauthorized', 'ehrAuthClientRejected', 'ehrAuthRefused']);

export function startDeskEhrLink(o: DeskEhrLinkOptions): DeskEhrLink {
  if (!o.link) return { engine: () => null, stop: () => Promise.resolve() };
  const { connection, authorizer } = o.link;
  const { status } = o;
  const signed = siteRequestAuth(o.link);
  status.configure(connection.baseUrl);

  const offWorker = o.worker?.onStatus((s) => status.outboxCounts(outboxCounts(s)));
  if (o.worker) status.outboxCounts(outboxCounts(o.worker.status()));

  const state = new EhrSyncStateRepository(o.store);
  const copy = new ServerCopyRepository(o.store);
  const abort = new AbortController();
  let stopped = false;
  let engine: SyncEngine | null = null;
  let watcher: SubscriptionWatcher | null = null;
  let live = false;
  let lastEngine: SyncStatus | null = null;
  let retry: NodeJS.Timeout | null = null;

  const failed = (code: ErrorCode) => (AUTH_CODES.has(code) ? status.authFailed(code) : status.offline(code));
  /** The engine's status as the link shows it; a run in progress after a success keeps the synced state. */
  const showEngine = (s: SyncStatus) => {
    lastEngine = s;
    if (s.state === 'offline' && s.errorCode) return void failed(s.errorCode);
    if (s.lastSuccessAt && (s.state === 'idle' || s.state === 'running')) return void status.synced(s.lastSuccessAt, live ? 'live' : 'polling');
    if (s.state === 'running') status.connecting();
  };

  const startSync = () => {
    if (stopped) return;
    engine = new SyncEngine({
      client: new FhirClient(signed),
      copy,
      state,
      pollIntervalMs: o.pollIntervalMs ?? 60_000,
    });
    engine.onStatus(guard(showEngine));
    engine.onPatientsChanged((ids) => {
      o.onPatientsChanged(ids);
    });
    const e = engine;
    watcher = new SubscriptionWatcher({
      ...signed,
      ownerId: `carefront-${o.store.auditChainId}`.slice(0, 64).replace(/[^A-Za-z0-9.-]/g, '-'),
      onChange: async () => {
        await e.syncNow().catch(() => undefined);
      },
    });
    watcher.onStatus(
      guard((w) => {
        live = w.mode === 'subscription';
        if (lastEngine) showEngine(lastEngine);
      }),
    );
    engine.start();
    void watcher.start();
  };

  // The first load when the store has had none: in the background, retried with backoff until it is done.
  const backoff = new Backoff({ firstMs: 2000, maxMs: 300_000 });
  const firstLoad = async (): Promise<void> => {
    if (stopped) return;
    try {
      status.connecting();
      const client = new BulkExportClient({ ...signed, maxWaitMs: o.exportPollMaxMs ?? 15_000 });
      await loadByBulkExport({ client, copy, state, signal: abort.signal, onProgress: guard((p: BulkLoadProgress) => status.loadProgress(initialLoad(p))) });
      startSync();
    } catch (err) {
      // Stopped while the load was going: stop() aborts the load's signal as it stops.
      if (abort.signal.aborted) return;
      const code = codeOf(err);
      safeLog.warn(`the first load from the EHR failed (${code}); retrying`);
      failed(code);
      if (AUTH_CODES.has(code)) authorizer.invalidate();
      // The server's Retry-After (429/503, bounded) when it said one, else the backoff.
      const wait = Math.max(backoff.next(), err instanceof FhirError && err.retryAfterMs !== undefined ? err.retryAfterMs : 0);
      retry = setTimeout(() => void firstLoad(), wait);
      retry.unref();
    }
  };
  if (hasInitialLoad(state)) startSync();
  else void firstLoad();

  return {
    engine: () => engine,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      abort.abort();
      offWorker?.();
      await Promise.allSettled([watcher?.stop(), engine?.stop()]);
    },
  };
}

const outboxCounts = (s: WriteBackStatus) => ({
  waiting: s.waiting,
  failed: s.failed,
  oldestWaitingSince: s.waiting > 0 ? (s.oldestWaitingAt ?? new Date().toISOString()) : null,
  ...(s.waiting > 0 && s.failingSince ? { failingSince: s.failingSince } : {}),
});

const initialLoad = (p: BulkLoadProgress) => ({
  resourcesDone: p.resourcesDone,
  filesDone: p.filesTotal === null ? p.filesDone : Math.min(p.filesDone, p.filesTotal),
  filesTotal: p.filesTotal,
  // The server's own words, kept only when they fit the status (one short line).
  serverProgress: p.serverProgress && /^[^\p{Cc}]{1,100}$/u.test(p.serverProgress.trim()) ? p.serverProgress.trim() : null,
});

/** A status listener that fails is logged (without data) and does not stop the sync. */
function guard<T>(fn: (value: T) => void): (value: T) => void {
  return (value) => {
    try {
      fn(value);
    } catch (err) {
      safeLog.warn('the EHR link status could not be updated', err);
    }
  };
}
