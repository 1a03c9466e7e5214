/** Run as a child process by killed-import.test.ts: imports slowly, printing each committed batch. */
import { keyFileProvider } from '../../../electron/cache';
import { openTestStore } from './helpers';

const [dbPath, keyPath, ...files] = process.argv.slice(2);
const cache = openTestStore({ path: dbPath!, keyProvider: keyFileProvider(keyPath!) });
const report = await cache.imports.importFiles(files, {
  batchSize: 500,
  onProgress: (p) => process.stdout.write(`committed ${p.committed}\n`),
});
process.stdout.write(`done ${report.imported}\n`);
cache.close();
