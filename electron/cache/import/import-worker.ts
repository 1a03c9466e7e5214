/** Runs inside a worker_thread: opens its own connection to the store and imports, posting progress. */
import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../../shared/errors';
import { must } from '../../../shared/must';
import { openEncryptedDatabase } from '../connection';
import { staticKeyProvider } from '../key-provider';
import { migrate } from '../migrations';
import { storeError } from '../store-errors';
import { importFiles } from './importer';
import type { WorkerRequest, WorkerMessage } from './worker-protocol';

const request = workerData as WorkerRequest;
const port = must(parentPort, 'the thread that started this import worker');
const post = (m: WorkerMessage): void => {
  port.postMessage(m);
};

try {
  const { db } = openEncryptedDatabase(request.dbPath, staticKeyProvider(Buffer.from(request.keyHex, 'hex')));
  try {
    migrate(db);
    const report = await importFiles(db, request.files, {
      ...request.options,
      onProgress: (progress) => {
        post({ kind: 'progress', progress });
      },
    });
    post({ kind: 'done', report });
  } finally {
    db.close();
  }
} catch (err) {
  const coded = err instanceof CodedError ? err : storeError(err);
  post({ kind: 'error', code: coded ? coded.code : 'internal', message: coded ? coded.message : 'import failed' });
}
