/**
 * Runs an import on a worker_thread so the Electron main loop never freezes; progress is posted
 * back to `onProgress`. The worker opens its own connection (WAL lets the app keep reading).
 */
import { runStoreWorker, storeWorkerUrl } from '../store-worker';
import type { ImportOptions, ImportProgress, ImportReport } from './import-types';
import type { ImportWorkerArgs } from './worker-protocol';

export interface WorkerImportOptions extends ImportOptions {
  /** The worker script: by default the bundled one beside the bundled main process, else ./import-worker.ts (through tsx). */
  workerUrl?: URL;
}

export function importInWorker(dbPath: string, key: Buffer, files: readonly string[], options: WorkerImportOptions = {}): Promise<ImportReport> {
  const { onProgress, workerUrl, ...rest } = options;
  const url = workerUrl ?? storeWorkerUrl(import.meta.url, './import-worker.ts', 'import-worker.cjs');
  const args: ImportWorkerArgs = { files: [...files], options: rest };
  return runStoreWorker<ImportProgress, ImportReport>(url, {
    dbPath,
    key,
    args,
    what: 'import',
    onProgress,
  });
}
