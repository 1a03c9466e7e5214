import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { ctx, fixture, tempDir, openTestStore, type TestStore } from './helpers';

/** A second, raw connection to the same store: what an attacker holding the key could do. */
function rawConnection(dbPath: string, keyPath: string): Database.Database {
  const db = new Database(dbPath);
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${fs.readFileSync(keyPath, 'utf8').trim()}'"`);
  return db;
}

describe('audit log: append-only and tamper-evident', () => {
  let dir: string;
  let cleanup: () => void;
  let cache: TestStore;
  let dbPath: string;
  let keyPath: string;
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'a.db');
    keyPath = path.join(dir, 'a.key');
    cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    await cache.imports.importFiles([fixture('family.ndjson')]);
    cache.patients.lookupByPhone('(617) 555-0142', ctx);
    cache.patients.summary('p-child', ctx);
    cache.patients.findByMrn('MRN-FAM-001', ctx);
    cache.patients.summary('p-mother', ctx);
  });
  afterEach(() => {
    cache.close();
    cleanup();
  });

  it('a clean chain verifies (the import wrote two rows, the reads four)', () => {
    expect(cache.audit.verify()).toMatchObject({ ok: true, checked: 6 });
  });

  it('SQLite triggers refuse UPDATE and DELETE', () => {
    const raw = rawConnection(dbPath, keyPath);
    expect(() => raw.prepare("UPDATE audit_event SET actor = 'someone else' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM audit_event WHERE seq = 2').run()).toThrow(/append-only/);
    raw.close();
    expect(cache.audit.verify().ok).toBe(true);
  });

  it('an edited row is detected even when the trigger was dropped', () => {
    const raw = rawConnection(dbPath, keyPath);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare("UPDATE audit_event SET event = replace(event, 'integration test', 'routine') WHERE seq = 4").run();
    raw.close();
    expect(cache.audit.verify()).toMatchObject({ ok: false, checked: 4, brokenAt: 4, reason: 'row content does not match its keyed link' });
  });

  it('a rewritten row with a recomputed own hash still breaks the link to the next row', () => {
    const raw = rawConnection(dbPath, keyPath);
    raw.exec('DROP TRIGGER audit_event_no_update');
    raw.prepare("UPDATE audit_event SET actor = 'agent/mallory', hash = 'f00d' || substr(hash, 5) WHERE seq = 2").run();
    raw.close();
    const result = cache.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toBe(2);
  });

  it('a deleted middle row is detected; a truncated tail is detected by the checkpoints, and against an anchored head', () => {
    const anchor = cache.audit.head();
    expect(anchor.seq).toBe(6);
    const raw = rawConnection(dbPath, keyPath);
    raw.exec('DROP TRIGGER audit_event_no_delete');
    raw.prepare('DELETE FROM audit_event WHERE seq = 2').run();
    expect(cache.audit.verify()).toMatchObject({ ok: false, brokenAt: 2 });
    raw.prepare('DELETE FROM audit_event WHERE seq > 1').run();
    // The chain that is left is consistent, but the signed checkpoints outside the store say it was longer.
    expect(cache.audit.verify()).toMatchObject({ ok: false, checked: 1, brokenAt: 2 });
    expect(cache.audit.verify(anchor)).toMatchObject({ ok: false, brokenAt: 2 });
    raw.close();
  });

  it('the chain continues across reopen', () => {
    cache.close();
    cache = openTestStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    cache.patients.summary('p-grandpa', ctx);
    expect(cache.audit.verify()).toMatchObject({ ok: true, checked: 7 });
  });
});
