import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResources, keyFileProvider, writeNdjson } from '../../../electron/cache';
import { ctx, REPO_ROOT, tempDir, openTestStore } from './helpers';

const TSX = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const CHILD = path.join(REPO_ROOT, 'test/integration/cache/import-child.ts');

/** Starts the import in a child process and SIGKILLs it once `killAfter` resources are committed. */
function importAndKill(args: string[], killAfter: number): Promise<{ killed: boolean; committed: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CHILD, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const m of buffer.matchAll(/committed (\d+)/g)) committed = Math.max(committed, Number(m[1]));
      if (committed >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      resolve({ killed: signal === 'SIGKILL', committed });
    });
  });
}

describe('an import killed mid-way', () => {
  let dir: string;
  let cleanup: () => void;
  let files: string[];
  let total = 0;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    const file = path.join(dir, 'big.ndjson');
    total = writeNdjson(file, generateResources({ patients: 4000, seed: 'kill' }));
    files = [file];
  });
  afterAll(() => {
    cleanup();
  });

  it('leaves a consistent store, and a re-run completes it', async () => {
    const dbPath = path.join(dir, 'k.db');
    const keyPath = path.join(dir, 'k.key');
    const { killed, committed } = await importAndKill([dbPath, keyPath, ...files], 3000);
    expect(killed).toBe(true);
    expect(committed).toBeGreaterThanOrEqual(3000);

    const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    const db = cache.store.connection();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const partial = cache.store.stats().resources;
    // Whole batches only: every committed batch is there, nothing half-written.
    expect(partial % 500).toBe(0);
    expect(partial).toBeGreaterThanOrEqual(committed);
    expect(partial).toBeLessThan(total);
    // Indexes agree with the resources they index.
    const orphans = db
      .prepare("SELECT count(*) AS n FROM resource r WHERE r.type = 'Patient' AND NOT EXISTS (SELECT 1 FROM patient_index p WHERE p.id = r.id)")
      .get() as { n: number };
    expect(orphans.n).toBe(0);

    const report = await cache.imports.importFiles(files, { batchSize: 2000 });
    expect(report.skipped).toBe(0);
    expect(cache.store.stats()).toMatchObject({ resources: total, patients: 4000 });
    expect(cache.patients.summary('pat-0004000', ctx).patient.id).toBe('pat-0004000');
    cache.close();
  });
});
