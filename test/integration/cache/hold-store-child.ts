/**
 * Run as a child process: holds the store open the way the app does, for its lifetime. Prints
 * `ready`; on a `lookup` line it reads through its connection and prints `matches <n>`.
 */
import readline from 'node:readline';
import { keyFileProvider } from '../../../electron/cache';
import { openTestStore } from './helpers';

const [dbPath, keyPath] = process.argv.slice(2);
const cache = openTestStore({ path: dbPath!, keyProvider: keyFileProvider(keyPath!) });
process.stdout.write('ready\n');
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (line === 'lookup') {
    try {
      process.stdout.write(`matches ${cache.patients.lookupByPhone('(617) 555-0142', { actor: 'agent/holder', reason: 'still working' }).length}\n`);
    } catch (err) {
      process.stdout.write(`error ${(err as { code?: string }).code ?? 'unknown'}\n`);
    }
  }
}
cache.close();
