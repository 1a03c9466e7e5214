/**
 * Run as a child process: rotates the store's key (in place, or to a new key file) and SIGKILLs
 * itself right after the named step, leaving the files exactly as a crash at that point would.
 */
import { keyFileProvider } from '../../../electron/cache';
import { openTestStore } from './helpers';

const [dbPath, keyPath, newKeyPath, crashAfter] = process.argv.slice(2);
const cache = openTestStore({ path: dbPath!, keyProvider: keyFileProvider(keyPath!), lock: 'exclusive' });
cache.store.rekey(keyFileProvider(newKeyPath || keyPath!), {
  ctx: { actor: 'admin-cli/test', reason: 'key rotation' },
  onStep: (step) => {
    // Pipes are written synchronously on Linux: the parent sees each step as it happens.
    process.stdout.write(`step ${step}\n`);
    if (step === crashAfter) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('finished\n');
cache.close();
