/**
 * Rebuilds the knowledge index on a worker_thread, so the main process (every channel of the desk) never waits on it:
 * at 10,000 articles a build takes seconds. Progress is posted back to `onProgress`. The worker opens its own
 * connection to the encrypted store; searches wait for the build (a search never sees half an index: one transaction).
 */
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../shared/errors';
import type { Article } from '../../shared/knowledge/article';
import type { IndexBuild } from './knowledge-index';
import type { IndexWorkerMessage, IndexWorkerRequest } from './index-worker-protocol';

export interface IndexInWorkerOptions {
  onProgress?(done: number, total: number): void;
  /** The worker script: by default the bundled one beside the bundled main process, else ./index-worker.ts (through tsx). */
  workerUrl?: URL;
  now?: Date;
}

/** The bundled main process (dist/electron/main.cjs) has its worker beside it; from the sources it runs through tsx. */
function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./knowledge-index-worker.cjs', here) : new URL('./index-worker.ts', here);
}

export function buildIndexInWorker(
  dbPath: string,
  key: Buffer,
  articles: readonly Article[],
  contentHash: string,
  options: IndexInWorkerOptions = {},
): Promise<IndexBuild> {
  const url = options.workerUrl ?? defaultWorkerUrl();
  const request: IndexWorkerRequest = {
    dbPath,
    keyHex: key.toString('hex'),
    articles: [...articles],
    contentHash,
    nowIso: (options.now ?? new Date()).toISOString(),
  };
  const worker = new Worker(url, { workerData: request, execArgv: url.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [] });
  return new Promise<IndexBuild>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (m: IndexWorkerMessage) => {
      if (m.kind === 'progress') options.onProgress?.(m.done, m.total);
      else if (m.kind === 'done')
        settle(() => {
          resolve(m.build);
        });
      else
        settle(() => {
          reject(new CodedError(m.code, m.message));
        });
    });
    worker.on('error', () => {
      settle(() => {
        reject(new CodedError('internal', 'the knowledge index worker failed'));
      });
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new CodedError('internal', `the knowledge index worker exited (${code})`));
      });
    });
  });
}
