import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import type { AuditRow } from '../../../electron/cache/audit/audit-chain';
import { ctx, fixture, REPO_ROOT, tempDir, openTestStore, type TestStore } from './helpers';

/** A raw connection with the store key: everything an attacker holding that key can do. */
function rawConnection(dbPath: string, keyPath: string): Database.Database {
  const db = new Database(dbPath);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${fs.readFileSync(keyPath, 'utf8').trim()}'"`);
  return db;
}

/** The unkeyed SHA-256 chain anyone can recompute. */
const sha = (prev: string, r: Omit<AuditRow, 'prev_hash' | 'hash'>): string =>
  createHash('sha256').update([prev, r.seq, r.recorded, r.actor, r.patient_ids, r.event].join('\n')).digest('hex');

/** Rewrites every row from `from` on with a recomputed chain (what "edit and rehash" means). */
function rehashFrom(raw: Database.Database, from: number): void {
  const rows = raw.prepare('SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq').all(from) as AuditRow[];
  let prev = (raw.prepare('SELECT hash FROM audit_event WHERE seq = ?').get(from - 1) as { hash: string } | undefined)?.hash ?? '0'.repeat(64);
  const update = raw.prepare('UPDATE audit_event SET event = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  for (const r of rows) {
    const hash = sha(prev, r);
    update.run(r.event, prev, hash, r.seq);
    prev = hash;
  }
}

const dropTriggers = (raw: Database.Database): void => {
  for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'").all() as { name: string }[])
    raw.exec(`DROP TRIGGER "${name}"`);
};

describe('audit trail against someone holding the store key', () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  let dbPath: string;
  let keyPath: string;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 't.db');
    keyPath = path.join(dir, 't.key');
    cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.patients.lookupByPhone('(617) 555-0142', ctx);
    cache.patients.summary('p-child', ctx);
    cache.patients.findByMrn('MRN-FAM-001', ctx);
    cache.patients.summary('p-mother', ctx);
    // Audited reads return before their rows' fsync; the checkpoint file is read below.
    cache.audit.flush();
  });
  afterEach(() => {
    cache.close();
    cleanup();
  });

  const head = (): number => cache.audit.head().seq;

  it('a clean trail verifies, anchored by its own checkpoints', () => {
    const result = cache.audit.verify();
    expect(result).toMatchObject({ ok: true, checked: head() });
    expect(result.checkpoints).toMatchObject({ latestSeq: head(), unanchored: 0 });
  });

  it('editing a row and recomputing the chain is detected', () => {
    const raw = rawConnection(dbPath, keyPath);
    dropTriggers(raw);
    raw.prepare("UPDATE audit_event SET event = replace(event, 'integration test', 'routine') WHERE seq = 3").run();
    rehashFrom(raw, 3);
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('a forged row appended with a recomputed hash is detected', () => {
    const raw = rawConnection(dbPath, keyPath);
    const last = raw.prepare('SELECT * FROM audit_event ORDER BY seq DESC LIMIT 1').get() as AuditRow;
    const forged = { seq: last.seq + 1, recorded: new Date().toISOString(), actor: 'agent/alibi', patient_ids: '[]', event: last.event };
    raw
      .prepare('INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(forged.seq, forged.recorded, forged.actor, forged.patient_ids, forged.event, last.hash, sha(last.hash, forged));
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: forged.seq });
  });

  it('a truncated tail is detected with no anchor passed in', () => {
    const total = head();
    const raw = rawConnection(dbPath, keyPath);
    dropTriggers(raw);
    raw.prepare('DELETE FROM audit_event WHERE seq > 2').run();
    raw.close();
    const result = cache.audit.verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 3 });
    expect(result.reason).toMatch(/checkpoint/);
    expect(result.checkpoints?.latestSeq).toBe(total);
  });

  it('a wiped log is detected', () => {
    const raw = rawConnection(dbPath, keyPath);
    dropTriggers(raw);
    raw.exec('DELETE FROM audit_event');
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, checked: 0, brokenAt: 1 });
  });

  it('a deleted middle row is detected', () => {
    const raw = rawConnection(dbPath, keyPath);
    dropTriggers(raw);
    // Remove row 2, renumber the rows after it and recompute the chain: no gap, every link consistent.
    const later = raw.prepare('SELECT * FROM audit_event WHERE seq > 2 ORDER BY seq').all() as AuditRow[];
    raw.prepare('DELETE FROM audit_event WHERE seq >= 2').run();
    const insert = raw.prepare('INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const r of later) insert.run(r.seq - 1, r.recorded, r.actor, r.patient_ids, r.event, '', '');
    rehashFrom(raw, 2);
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('INSERT OR REPLACE and UPSERT over an existing row are refused', () => {
    const raw = rawConnection(dbPath, keyPath);
    const row = raw.prepare('SELECT * FROM audit_event WHERE seq = 2').get() as AuditRow;
    const values = [row.seq, row.recorded, 'agent/someone-else', row.patient_ids, row.event, row.prev_hash, row.hash];
    expect(() =>
      raw.prepare('INSERT OR REPLACE INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values),
    ).toThrow(/append-only/);
    expect(() =>
      raw.prepare('REPLACE INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values),
    ).toThrow(/append-only/);
    expect(() =>
      raw
        .prepare(
          'INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET actor = excluded.actor',
        )
        .run(...values),
    ).toThrow(/append-only/);
    expect(() =>
      raw
        .prepare('INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
        .run(...values),
    ).toThrow(/append-only/);
    expect((raw.prepare('SELECT actor FROM audit_event WHERE seq = 2').get() as { actor: string }).actor).toBe(row.actor);
    // With the triggers dropped the replacement goes in, and the keyed chain catches it.
    dropTriggers(raw);
    raw.prepare('INSERT OR REPLACE INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...values);
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('the audit key is its own owner-only file, not the store key, and checkpoints are signed', () => {
    const files = fs.readdirSync(dir);
    const auditKey = files.find((f) => f.includes('audit-key'));
    expect(auditKey).toBeDefined();
    expect(fs.statSync(path.join(dir, auditKey!)).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, auditKey!), 'utf8').trim()).not.toBe(fs.readFileSync(keyPath, 'utf8').trim());
    const checkpoints = files.find((f) => f.includes('checkpoint'));
    expect(checkpoints).toBeDefined();
    const lines = fs.readFileSync(path.join(dir, checkpoints!), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(head());
    const last = JSON.parse(lines[lines.length - 1]!) as { seq: number; sig: unknown };
    expect(last).toMatchObject({ seq: head() });
    expect(typeof last.sig).toBe('string');
    // An edited checkpoint (a forged head) fails its signature.
    const forged = { ...last, seq: last.seq + 10 };
    fs.appendFileSync(path.join(dir, checkpoints!), `${JSON.stringify(forged)}\n`);
    expect(cache.audit.verify()).toMatchObject({ ok: false });
    expect(cache.audit.verify().reason).toMatch(/signature/);
  });

  it('a deleted checkpoint file is detected; a torn last line (a crash mid-append) is not an error', async () => {
    const file = path.join(
      dir,
      fs.readdirSync(dir).find((f) => f.includes('checkpoint'))!,
    );
    const saved = fs.readFileSync(file);
    fs.appendFileSync(file, '{"v":1,"seq":');
    expect(cache.audit.verify()).toMatchObject({ ok: true, checkpoints: { latestSeq: head(), unanchored: 0, damaged: 1 } });
    // The next checkpoint starts on a line of its own, after the torn one.
    await new Promise((r) => setImmediate(r));
    cache.patients.lookupByPhone('(617) 555-0142', ctx);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checkpoints: { latestSeq: head(), unanchored: 0, damaged: 1 } });
    fs.rmSync(file);
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: 1 });
    expect(cache.audit.verify().reason).toMatch(/no checkpoint file/);
    fs.writeFileSync(file, saved);
    expect(cache.audit.verify()).toMatchObject({ ok: true });
    // The running cache writes its next checkpoints into the file as it is now, not a deleted one.
    await new Promise((r) => setImmediate(r));
    cache.patients.summary('p-child', ctx);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checkpoints: { latestSeq: head(), unanchored: 0 } });
  });
});

describe('committed audit rows lost with the WAL after a kill', () => {
  it('are detected by verify (the checkpoint is ahead of the store)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const dbPath = path.join(dir, 'w.db');
      const keyPath = path.join(dir, 'w.key');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'test/integration/cache/audit-child.ts'), dbPath, keyPath, fixture('family.ndjson'), '12'],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const seq = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /done (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => {
          reject(new Error(`child exited ${code}`));
        });
      });
      // The import's two rows (started, finished), then the 12 reads.
      expect(seq).toBe(14);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);
      fs.rmSync(`${dbPath}-wal`);
      const cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
      try {
        const result = cache.audit.verify();
        expect(result.ok).toBe(false);
        expect(result.reason).toMatch(/checkpoint/);
        expect(result.checkpoints?.latestSeq).toBe(14);
      } finally {
        cache.close();
      }
    } finally {
      cleanup();
    }
  });
});
