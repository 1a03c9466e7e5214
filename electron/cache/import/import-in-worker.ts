/**
 * Runs an import on a worker_thread so the Electron main loop never freezes; progress is posted
 * back to `onProgress`. The worker opens its own connection (WAL lets the app keep reading).
 */
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../../shared/errors';
import type { ImportOptions, ImportReport } from './import-types';
import type { WorkerMessage, WorkerRequest } from './worker-protocol';

export interface WorkerImportOptions extends ImportOptions {
  /** The worker script; defaults to ./import-worker.ts beside this file (run through tsx). A bundled build passes its own. */
  workerUrl?: URL;
}

export function importInWorker(dbPath: string, key: Buffer, files: readonly string[], options: WorkerImportOptions = {}): Promise<ImportReport> {
  const { onProgress, workerUrl, ...rest } = options;
  const url = workerUrl ?? new URL('./import-worker.ts', import.meta.url);
  const request: WorkerRequest = { dbPath, keyHex: key.toString('hex'), files: [...files], options: rest };
  const worker = new Worker(url, {
    workerData: request,
    // TypeScript workers need the tsx loader; a bundled .js/.cjs worker runs as it is.
    execArgv: url.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
  });
  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') onProgress?.(m.progress);
      else if (m.kind === 'done') {
        settled = true;
        resolve(m.report);
      } else {
        settled = true;
        reject(new CodedError(m.code, m.message));
      }
    });
    worker.on('error', () => {
      if (!settled) reject(new CodedError('internal', 'the import worker failed'));
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new CodedError('internal', `the import worker exited (${code})`));
    });
  });
}
