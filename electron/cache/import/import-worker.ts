/** Runs inside a worker_thread: its own connection to the store, the import, progress posted back. */
import { migrate } from '../migrations';
import { serveStoreWorker } from '../store-worker-side';
import { importFiles } from './importer';
import type { ImportProgress, ImportReport } from './import-types';
import type { ImportWorkerArgs } from './worker-protocol';

serveStoreWorker<ImportWorkerArgs, ImportProgress, ImportReport>('import', (db, args, progress) => {
  migrate(db);
  return importFiles(db, args.files, { ...args.options, onProgress: progress });
});
