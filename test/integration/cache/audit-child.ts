/**
 * Run as a child process by the audit tests: opens the store as the app does, imports the family
 * fixture, writes `reads` audited lookups, prints `done <seq>` and waits to be killed.
 */
import { keyFileProvider } from '../../../electron/cache';
import { openTestStore } from './helpers';

const [dbPath, keyPath, fixture, reads] = process.argv.slice(2);
const cache = openTestStore({ path: dbPath!, keyProvider: keyFileProvider(keyPath!) });
await cache.imports.importFiles([fixture!]);
for (let i = 0; i < Number(reads); i += 1) cache.patients.lookupByPhone('(617) 555-0142', { actor: 'agent/child', reason: `read ${i}` });
process.stdout.write(`done ${cache.audit.head().seq}\n`);
setInterval(() => undefined, 60_000);
