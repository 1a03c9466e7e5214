/**
 * An audited read returns once its audit row is committed; the row's fsync and its signed checkpoint
 * follow on their own (wal-sync.ts). These check what that must never break: the checkpoints come
 * without anyone asking, each names a row that is there, a row rolled back with its enclosing
 * transaction is never checkpointed, and closing the store leaves nothing unanchored.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { checkpointFilePath } from '../../../electron/cache/audit/checkpoint-sink';
import { ctx, fixture, openTestStore, tempDir, type TestStore } from './helpers';

interface CheckpointLine {
  seq: number;
  head: string;
}

const checkpointLines = (dbPath: string): CheckpointLine[] =>
  fs.existsSync(checkpointFilePath(dbPath))
    ? fs
        .readFileSync(checkpointFilePath(dbPath), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as CheckpointLine)
    : [];

/** Waits (bounded) until the checkpoint file names row `seq`. */
async function checkpointed(dbPath: string, seq: number): Promise<CheckpointLine[]> {
  for (let i = 0; i < 200; i += 1) {
    const lines = checkpointLines(dbPath);
    if (lines.some((l) => l.seq === seq)) return lines;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`row ${seq} was never checkpointed`);
}

describe('audit rows go on disk and are checkpointed after the read returns', () => {
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  let cache: TestStore;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'd.db');
    cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(path.join(dir, 'd.key')) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.audit.flush();
  });
  afterEach(() => {
    if (!cache.store.isClosed) cache.close();
    cleanup();
  });

  it('a burst of audited reads is checkpointed row by row, with no flush asked for', async () => {
    const before = checkpointLines(dbPath).length;
    const seqs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      cache.patients.lookupByPhone('(617) 555-0142', ctx);
      seqs.push(cache.store.auditLog.count());
    }
    const lines = await checkpointed(dbPath, Math.max(...seqs));
    expect(lines.length - before).toBe(5);
    expect(lines.slice(before).map((l) => l.seq)).toEqual(seqs);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checkpoints: { unanchored: 0 } });
  });

  it('a row rolled back with its enclosing transaction is never checkpointed', async () => {
    const db = cache.store.connection();
    const headBefore = cache.audit.head();
    expect(() =>
      db.transaction(() => {
        cache.patients.summary('p-child', ctx);
        throw new Error('the enclosing work failed');
      })(),
    ).toThrow('the enclosing work failed');
    // The next row takes the rolled-back row's number, with another link.
    cache.patients.summary('p-mother', ctx);
    const lines = await checkpointed(dbPath, headBefore.seq + 1);
    const named = lines.filter((l) => l.seq === headBefore.seq + 1);
    expect(named).toHaveLength(1);
    expect(named[0]?.head).toBe(cache.audit.head().hash);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checkpoints: { unanchored: 0 } });
  });

  it('closing the store right after a read leaves every row on disk and checkpointed', () => {
    cache.patients.lookupByPhone('(617) 555-0142', ctx);
    cache.patients.summary('p-child', ctx);
    const count = cache.store.auditLog.count();
    cache.close();
    expect(Math.max(...checkpointLines(dbPath).map((l) => l.seq))).toBe(count);
    const reopened = openTestStore({ path: dbPath, keyProvider: keyFileProvider(path.join(dir, 'd.key')) });
    try {
      expect(reopened.audit.verify()).toMatchObject({ ok: true, checked: count, checkpoints: { latestSeq: count, unanchored: 0 } });
    } finally {
      reopened.close();
    }
  });
});
