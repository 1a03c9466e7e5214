/** Runs inside a worker_thread: its own connection to the store (open and migrated by the main thread), the index rebuilt, progress posted. */
import { serveStoreWorker } from '../cache/store-worker-side';
import { buildKnowledgeIndex, type IndexBuild } from './knowledge-index';
import type { IndexProgress, IndexWorkerArgs } from './index-worker-protocol';

serveStoreWorker<IndexWorkerArgs, IndexProgress, IndexBuild>('knowledge index', (db, args, progress) =>
  buildKnowledgeIndex({ connection: () => db }, args.articles, args.contentHash, new Date(args.nowIso), (done, total) => {
    progress({ done, total });
  }),
);
