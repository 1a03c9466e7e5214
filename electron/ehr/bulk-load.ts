/**
 * The first load of the cache from the organisation's FHIR server, by Bulk Data `$export`: kick-off,
 * wait for the manifest, then each output file streamed line by line into the cache through
 * `ServerCopy.apply` in batches. Resumable: the export's status URL, its manifest and the files
 * already imported are kept in the encrypted store as they change, so after the process is killed a
 * restart resumes the same export and does not fetch the finished files again (a file cut off
 * mid-way is read again from its start: what it already applied comes back stale, changing nothing).
 * When the load is complete the manifest's `transactionTime` becomes the sync point the incremental
 * sync starts from.
 */
import type { Resource } from 'fhir/r4';
import { SUPPORTED_RESOURCE_TYPES } from '../cache/fhir/resources';
import { FhirError } from './fhir-error';
import type { BulkExportClient, ExportFile, ExportManifest } from './bulk-export';
import type { ServerCopy } from './server-copy';
import { readSyncPoint, writeSyncPoint, type SyncStateStore } from './sync-state';
import { must } from '../../shared/must';

/** The types the cache keeps: what the export asks for (`_type`). */
export const EXPORTED_TYPES: readonly string[] = SUPPORTED_RESOURCE_TYPES;

const DEFAULT_BATCH_SIZE = 5000;

export type BulkLoadPhase = 'kick-off' | 'waiting' | 'downloading' | 'done';

export interface BulkLoadProgress {
  phase: BulkLoadPhase;
  /** Resources read from the export files so far (applied + stale + rejected), this run and the runs it resumes. */
  resourcesDone: number;
  applied: number;
  stale: number;
  rejected: number;
  /** Lines that were not JSON or too long (counted with `rejected`). */
  badLines: number;
  filesDone: number;
  /** Null until the manifest is known. */
  filesTotal: number | null;
  /** The server's `X-Progress` while it builds the export. */
  serverProgress: string | null;
  /** The next poll, while waiting. */
  nextPollMs: number | null;
  /** True when this run picked up an export a previous run started. */
  resumed: boolean;
}

export type BulkLoadListener = (progress: BulkLoadProgress) => void;

export interface BulkLoadReport extends BulkLoadProgress {
  transactionTime: string;
  /** Files this run downloaded (the others were done by the run it resumed). */
  filesFetched: number;
  /** The server's time to build the export: from the kick-off to the manifest (across restarts). */
  exportMs: number;
  /** This run's time downloading and writing. */
  loadMs: number;
  /** Resources per second on the desktop side (download + validation + writes), this run. */
  resourcesPerSecond: number;
}

export interface BulkLoadOptions {
  client: BulkExportClient;
  copy: ServerCopy;
  state: SyncStateStore;
  types?: readonly string[];
  level?: 'system' | 'patient';
  /**
   * Resources per `apply` (one transaction, one audit row and their fsyncs each). Default 5,000: a few MB of parsed
   * resources held at a time (1,000 spent a fifth of the desk's load in commits on a slow disk).
   */
  batchSize?: number;
  onProgress?: BulkLoadListener;
  signal?: AbortSignal;
}

/** What is kept in the store while an export is loaded (no patient data: URLs of the export, counts). */
interface SavedExport {
  statusUrl: string;
  kickedOffAt: string;
  types: string[];
  manifest: ExportManifest | null;
  manifestAt: string | null;
  /** Indexes into `manifest.output` of the files fully imported. */
  filesDone: number[];
  counts: { applied: number; stale: number; rejected: number; badLines: number };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function parseSaved(value: unknown): SavedExport | null {
  const v = value as Partial<SavedExport> | null;
  if (!v || typeof v.statusUrl !== 'string' || typeof v.kickedOffAt !== 'string' || !Array.isArray(v.types) || !Array.isArray(v.filesDone)) return null;
  const c = v.counts;
  if (!c || !isCount(c.applied) || !isCount(c.stale) || !isCount(c.rejected) || !isCount(c.badLines)) return null;
  if (!v.filesDone.every(isCount)) return null;
  const m = v.manifest;
  if (m !== null && (!m || typeof m.transactionTime !== 'string' || !Array.isArray(m.output))) return null;
  return v as SavedExport;
}

/** The export a previous run left unfinished, if any. */
export const savedExport = (state: SyncStateStore): SavedExport | null => state.get('bulk-export', parseSaved);

/**
 * Loads the cache by `$export`, resuming the export a previous run left unfinished. When that export
 * is gone from the server (expired: its status or a file answers 404), it starts a new one, once.
 */
export async function loadByBulkExport(o: BulkLoadOptions): Promise<BulkLoadReport> {
  try {
    return await runLoad(o);
  } catch (err) {
    if (!(err instanceof FhirError) || err.code !== 'notFound' || savedExport(o.state) === null) throw err;
    o.state.delete('bulk-export');
    return runLoad(o);
  }
}

async function runLoad(o: BulkLoadOptions): Promise<BulkLoadReport> {
  const batchSize = Math.max(1, o.batchSize ?? DEFAULT_BATCH_SIZE);
  const types = [...(o.types ?? EXPORTED_TYPES)];
  let saved = savedExport(o.state);
  const resumed = saved !== null;
  const progress: BulkLoadProgress = {
    phase: 'kick-off',
    resourcesDone: 0,
    applied: 0,
    stale: 0,
    rejected: 0,
    badLines: 0,
    filesDone: 0,
    filesTotal: null,
    serverProgress: null,
    nextPollMs: null,
    resumed,
  };
  const emit = () => o.onProgress?.({ ...progress });
  const save = (s: SavedExport) => {
    o.state.set('bulk-export', s);
  };
  const syncCounts = (s: SavedExport) => {
    Object.assign(progress, s.counts, { resourcesDone: s.counts.applied + s.counts.stale + s.counts.rejected, filesDone: s.filesDone.length });
    progress.filesTotal = s.manifest ? s.manifest.output.length : null;
  };

  if (!saved) {
    emit();
    const kickedOffAt = new Date().toISOString();
    const statusUrl = await o.client.kickOff({ types, ...(o.level ? { level: o.level } : {}) });
    saved = { statusUrl, kickedOffAt, types, manifest: null, manifestAt: null, filesDone: [], counts: { applied: 0, stale: 0, rejected: 0, badLines: 0 } };
    save(saved);
  }
  syncCounts(saved);

  if (!saved.manifest) {
    progress.phase = 'waiting';
    emit();
    const manifest = await o.client.waitForManifest(saved.statusUrl, {
      ...(o.signal ? { signal: o.signal } : {}),
      onProgress: (server, waitMs) => {
        progress.serverProgress = server;
        progress.nextPollMs = waitMs;
        emit();
      },
    });
    saved = { ...saved, manifest, manifestAt: new Date().toISOString() };
    save(saved);
    progress.nextPollMs = null;
  }
  const manifest = must(saved.manifest, 'the manifest just saved or found saved');
  progress.phase = 'downloading';
  syncCounts(saved);
  emit();

  const started = performance.now();
  let fetchedResources = 0;
  let filesFetched = 0;
  for (const [index, file] of manifest.output.entries()) {
    if (saved.filesDone.includes(index)) continue;
    const counts = await loadFile(o, file, manifest.requiresAccessToken, batchSize, (delta) => {
      progress.applied += delta.applied;
      progress.stale += delta.stale;
      progress.rejected += delta.rejected;
      progress.badLines += delta.badLines;
      progress.resourcesDone += delta.applied + delta.stale + delta.rejected;
      fetchedResources += delta.applied + delta.stale + delta.rejected;
      emit();
    });
    filesFetched += 1;
    // The file is done: counted once, and never fetched again after a restart.
    const c: SavedExport['counts'] = saved.counts;
    saved = {
      ...saved,
      filesDone: [...saved.filesDone, index],
      counts: {
        applied: c.applied + counts.applied,
        stale: c.stale + counts.stale,
        rejected: c.rejected + counts.rejected,
        badLines: c.badLines + counts.badLines,
      },
    };
    save(saved);
    syncCounts(saved);
    emit();
  }
  const loadMs = performance.now() - started;

  // Complete: changes after the export's transaction time are the incremental sync's.
  writeSyncPoint(o.state, manifest.transactionTime);
  o.state.set('initial-load', {
    completedAt: new Date().toISOString(),
    transactionTime: manifest.transactionTime,
    files: manifest.output.length,
    ...saved.counts,
  });
  o.state.delete('bulk-export');
  await o.client.cancel(saved.statusUrl);
  progress.phase = 'done';
  emit();
  const exportMs = Date.parse(saved.manifestAt ?? saved.kickedOffAt) - Date.parse(saved.kickedOffAt);
  return {
    ...progress,
    transactionTime: manifest.transactionTime,
    filesFetched,
    exportMs,
    loadMs,
    resourcesPerSecond: Math.round(fetchedResources / Math.max(loadMs / 1000, 1e-3)),
  };
}

interface FileCounts {
  applied: number;
  stale: number;
  rejected: number;
  badLines: number;
}

/** Streams one file into the copy, `batchSize` resources per apply; returns what it applied. */
async function loadFile(
  o: BulkLoadOptions,
  file: ExportFile,
  requiresAccessToken: boolean,
  batchSize: number,
  onBatch: (delta: FileCounts) => void,
): Promise<FileCounts> {
  const total: FileCounts = { applied: 0, stale: 0, rejected: 0, badLines: 0 };
  let batch: Resource[] = [];
  // Each line's text, kept in the cache as it came (the parsed value is for validation and the indexes).
  let texts: string[] = [];
  let badLines = 0;
  const flush = () => {
    const r = o.copy.apply(batch, 'export', { texts });
    const delta = { applied: r.applied, stale: r.stale, rejected: r.rejected + badLines, badLines };
    total.applied += delta.applied;
    total.stale += delta.stale;
    total.rejected += delta.rejected;
    total.badLines += delta.badLines;
    batch = [];
    texts = [];
    badLines = 0;
    onBatch(delta);
  };
  for await (const line of o.client.readNdjson(file, requiresAccessToken, o.signal)) {
    if ('error' in line) badLines += 1;
    else {
      batch.push(line.value as Resource);
      texts.push(line.text);
    }
    if (batch.length >= batchSize) flush();
  }
  if (batch.length > 0 || badLines > 0) flush();
  return total;
}

/** Whether the cache has had its first load (a sync point exists). */
export const hasInitialLoad = (state: SyncStateStore): boolean => readSyncPoint(state) !== null;
