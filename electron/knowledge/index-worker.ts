/** Runs inside a worker_thread: opens its own connection to the store and rebuilds the knowledge index, posting progress. */
import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../shared/errors';
import { must } from '../../shared/must';
import { openEncryptedDatabase } from '../cache/connection';
import { staticKeyProvider } from '../cache/key-provider';
import { storeError } from '../cache/store-errors';
import { buildKnowledgeIndex } from './knowledge-index';
import type { IndexWorkerMessage, IndexWorkerRequest } from './index-worker-protocol';

const request = workerData as IndexWorkerRequest;
const port = must(parentPort, 'the thread that started this index worker');
const post = (m: IndexWorkerMessage): void => {
  port.postMessage(m);
};

try {
  // The store is open (and migrated) in the main thread already: this is a second connection to it (WAL).
  const { db } = openEncryptedDatabase(request.dbPath, staticKeyProvider(Buffer.from(request.keyHex, 'hex')));
  try {
    const build = buildKnowledgeIndex({ connection: () => db }, request.articles, request.contentHash, new Date(request.nowIso), (done, total) => {
      post({ kind: 'progress', done, total });
    });
    post({ kind: 'done', build });
  } finally {
    db.close();
  }
} catch (err) {
  const coded = err instanceof CodedError ? err : storeError(err);
  post({ kind: 'error', code: coded ? coded.code : 'internal', message: coded ? coded.message : 'the knowledge index could not be built' });
}
