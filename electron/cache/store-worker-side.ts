/**
 * The worker's side of `runStoreWorker` (store-worker.ts): opens its own connection to the store with the key it was
 * given, runs the job with a way to post progress, posts the result (or the store's coded error) and closes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../shared/errors';
import { must } from '../../shared/must';
import { openEncryptedDatabase, type Db } from './connection';
import { staticKeyProvider } from './key-provider';
import { storeError } from './store-errors';
import type { StoreWorkerMessage, StoreWorkerRequest } from './store-worker';

/** The job itself: given the worker's connection, its arguments and a way to post progress, its result. */
export type StoreWorkerRun<A, P, R> = (db: Db, args: A, progress: (progress: P) => void) => R | Promise<R>;

export function serveStoreWorker<A, P, R>(what: string, run: StoreWorkerRun<A, P, R>): void {
  const request = workerData as StoreWorkerRequest<A>;
  const port = must(parentPort, `the thread that started this ${what} worker`);
  const post = (m: StoreWorkerMessage<P, R>): void => {
    port.postMessage(m);
  };
  const job = async () => {
    const { db } = openEncryptedDatabase(request.dbPath, staticKeyProvider(Buffer.from(request.keyHex, 'hex')));
    try {
      post({
        kind: 'done',
        result: await run(db, request.args, (progress) => {
          post({ kind: 'progress', progress });
        }),
      });
    } finally {
      db.close();
    }
  };
  job().catch((err: unknown) => {
    const coded = err instanceof CodedError ? err : storeError(err);
    post({ kind: 'error', code: coded ? coded.code : 'internal', message: coded ? coded.message : `the ${what} worker failed` });
  });
}
