/** Run as a child process by killed-import.test.ts: imports slowly, printing each committed batch. */
import { keyFileProvider, openCache } from '../../../electron/cache';

const [dbPath, keyPath, ...files] = process.argv.slice(2);
const cache = openCache({ path: dbPath!, keyProvider: keyFileProvider(keyPath!) });
const report = await cache.importFiles(files, {
  batchSize: 500,
  onProgress: (p) => process.stdout.write(`committed ${p.committed}\n`),
});
process.stdout.write(`done ${report.imported}\n`);
cache.close();
