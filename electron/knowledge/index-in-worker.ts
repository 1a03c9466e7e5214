/**
 * Rebuilds the knowledge index on a worker_thread, so the main process (every channel of the desk) never waits on it:
 * at 10,000 articles a build takes seconds. Progress is posted back to `onProgress`. The worker opens its own
 * connection to the encrypted store; searches wait for the build (a search never sees half an index: one transaction).
 */
import { runStoreWorker, storeWorkerUrl } from '../cache/store-worker';
import type { Article } from '../../shared/knowledge/article';
import type { IndexBuild } from './knowledge-index';
import type { IndexProgress, IndexWorkerArgs } from './index-worker-protocol';

export interface IndexInWorkerOptions {
  onProgress?(done: number, total: number): void;
  /** The worker script: by default the bundled one beside the bundled main process, else ./index-worker.ts (through tsx). */
  workerUrl?: URL;
  now?: Date;
}

export function buildIndexInWorker(
  dbPath: string,
  key: Buffer,
  articles: readonly Article[],
  contentHash: string,
  options: IndexInWorkerOptions = {},
): Promise<IndexBuild> {
  const url = options.workerUrl ?? storeWorkerUrl(import.meta.url, './index-worker.ts', 'knowledge-index-worker.cjs');
  const args: IndexWorkerArgs = { articles: [...articles], contentHash, nowIso: (options.now ?? new Date()).toISOString() };
  return runStoreWorker<IndexProgress, IndexBuild>(url, {
    dbPath,
    key,
    args,
    what: 'knowledge index',
    onProgress: (p) => options.onProgress?.(p.done, p.total),
  });
}
