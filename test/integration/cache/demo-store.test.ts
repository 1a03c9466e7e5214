import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemoStore, keyFileProvider } from '../../../electron/cache';
import { ctx, tempDir, withRepositories } from './helpers';

describe('ensureDemoStore', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
  });

  it('creates and seeds a store on first run, then just opens it', async () => {
    const options = { dbPath: path.join(dir, 'data', 'demo.db'), keyProvider: keyFileProvider(path.join(dir, 'data', 'demo.key')), patients: 300 };
    const first = withRepositories(await ensureDemoStore(options));
    expect(first.store.stats().patients).toBe(300);
    const someone = first.patients.summary('pat-0000001', ctx);
    first.close();
    const modified = fs.statSync(options.dbPath).mtimeMs;

    const second = withRepositories(await ensureDemoStore({ ...options, patients: 999 }));
    expect(second.store.stats().patients).toBe(300);
    expect(second.patients.summary('pat-0000001', ctx).patient).toEqual(someone.patient);
    second.close();
    expect(fs.statSync(options.dbPath).mtimeMs).toBeGreaterThanOrEqual(modified);
  });
});
