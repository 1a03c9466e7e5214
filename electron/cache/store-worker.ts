/**
 * Long work on the encrypted store (an import, the knowledge index) runs on a worker_thread with its own connection,
 * so the main process never freezes on it (WAL lets the app keep reading). One protocol for every such worker: the
 * request (the store's path and key, and the job's own arguments), then progress, and one `done` or one `error`.
 * The worker's side is `serveStoreWorker` (store-worker-side.ts).
 */
import { Worker } from 'node:worker_threads';
import { CodedError, type ErrorCode } from '../../shared/errors';

export interface StoreWorkerRequest<A> {
  dbPath: string;
  keyHex: string;
  args: A;
}

export type StoreWorkerMessage<P, R> = { kind: 'progress'; progress: P } | { kind: 'done'; result: R } | { kind: 'error'; code: ErrorCode; message: string };

/**
 * Where a worker's script is: from the sources (`here` is the caller's `import.meta.url`), the TypeScript file run
 * through tsx; in the bundled main process (dist/electron/main.cjs), the bundled worker beside it.
 */
export const storeWorkerUrl = (here: string, source: string, bundled: string): URL =>
  here.endsWith('.cjs') ? new URL(`./${bundled}`, here) : new URL(source, here);

/** One job for a store worker: the store, the job's own arguments (structured-cloned to the worker), its progress. */
export interface StoreWorkerJob<P> {
  dbPath: string;
  key: Buffer;
  args: unknown;
  /** What the worker does, for its errors ("the import worker failed"). */
  what: string;
  onProgress?: ((progress: P) => void) | undefined;
}

/** Runs the worker at `url` on the store and settles with its result, or its coded error; progress to `onProgress`. */
export function runStoreWorker<P, R>(url: URL, job: StoreWorkerJob<P>): Promise<R> {
  const request: StoreWorkerRequest<unknown> = { dbPath: job.dbPath, keyHex: job.key.toString('hex'), args: job.args };
  // TypeScript workers need the tsx loader; a bundled .cjs worker runs as it is.
  const worker = new Worker(url, { workerData: request, execArgv: url.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [] });
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: StoreWorkerMessage<P, R>) => {
      if (m.kind === 'progress') job.onProgress?.(m.progress);
      else if (m.kind === 'done')
        settle(() => {
          resolve(m.result);
        });
      else
        settle(() => {
          reject(new CodedError(m.code, m.message));
        });
    });
    worker.on('error', () => {
      settle(() => {
        reject(new CodedError('internal', `the ${job.what} worker failed`));
      });
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new CodedError('internal', `the ${job.what} worker exited (${code})`));
      });
    });
  });
}
