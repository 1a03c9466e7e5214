import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../electron/cache/connection';
import { keyFileProvider } from '../../../electron/cache';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../electron/cache/migrations';
import { tempDir, openTestStore } from './helpers';

const tables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations on a real encrypted file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('are numbered 1..n with file names NNNN-name', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('0001 then 0002 on a file: data written at version 1 survives the upgrade', () => {
    const file = path.join(dir, 'm.db');
    const keys = keyFileProvider(path.join(dir, 'm.key'));
    const first = openEncryptedDatabase(file, keys).db;
    expect(migrate(first, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(schemaVersion(first)).toBe(1);
    expect(tables(first)).toEqual(['patient_index', 'phone_index', 'resource']);
    first
      .prepare("INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES ('p1', 'Patient', 'p1', '{\"resourceType\":\"Patient\",\"id\":\"p1\"}', 'now')")
      .run();
    first.close();

    const second = openEncryptedDatabase(file, keys).db;
    expect(migrate(second, MIGRATIONS.slice(0, 2))).toEqual([2]);
    expect(schemaVersion(second)).toBe(2);
    expect(tables(second)).toEqual(['audit_event', 'audit_event_no_delete', 'audit_event_no_update', 'patient_index', 'phone_index', 'resource']);
    expect(second.prepare('SELECT count(*) AS n FROM resource').get()).toEqual({ n: 1 });
    expect(migrate(second, MIGRATIONS.slice(0, 2))).toEqual([]);
    second.close();
  });

  it('0003 on a version-2 file adds the practice history and keeps the audit chain and data', () => {
    const file = path.join(dir, 'm3.db');
    const keys = keyFileProvider(path.join(dir, 'm3.key'));
    const v2 = openEncryptedDatabase(file, keys).db;
    expect(migrate(v2, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    v2.prepare("INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES ('p1', 'Patient', 'p1', '{}', 'now')").run();
    v2.close();
    const v3 = openEncryptedDatabase(file, keys).db;
    expect(migrate(v3, MIGRATIONS.slice(0, 3))).toEqual([3]);
    expect(tables(v3)).toContain('practice_attempt');
    expect(v3.prepare('SELECT count(*) AS n FROM resource').get()).toEqual({ n: 1 });
    v3.prepare("INSERT INTO practice_attempt (trainee, scenario_id, started_at, ended_at, percent, passed, report) VALUES ('t', 's', 'a', 'b', 80, 1, '{}')").run();
    expect(v3.prepare('SELECT percent, passed FROM practice_attempt').get()).toEqual({ percent: 80, passed: 1 });
    v3.close();
  });

  it('a fresh store opens at the latest version and reopening applies nothing', () => {
    const file = path.join(dir, 'fresh.db');
    const keys = keyFileProvider(path.join(dir, 'fresh.key'));
    openTestStore({ path: file, keyProvider: keys }).close();
    const db = openEncryptedDatabase(file, keys).db;
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('refuses a store from a newer build', () => {
    const file = path.join(dir, 'newer.db');
    const keys = keyFileProvider(path.join(dir, 'newer.key'));
    const db = openEncryptedDatabase(file, keys).db;
    migrate(db);
    db.pragma('user_version = 99');
    expect(() => migrate(db)).toThrow(/newer than this build/);
    db.close();
  });
});

/** Writes audit rows the way schema 2 and 3 did: an unkeyed SHA-256 chain. */
function writeLegacyAuditRows(db: Db, n: number): void {
  let prev = '0'.repeat(64);
  const insert = db.prepare('INSERT INTO audit_event (seq, recorded, actor, patient_ids, event, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let seq = 1; seq <= n; seq += 1) {
    const row = { seq, recorded: `2026-01-0${seq}T10:00:00.000Z`, actor: 'agent/legacy', patient_ids: '["p1"]', event: JSON.stringify({ resourceType: 'AuditEvent', subtype: [{ code: 'summary' }], n: seq }) };
    const hash = createHash('sha256').update([prev, row.seq, row.recorded, row.actor, row.patient_ids, row.event].join('\n')).digest('hex');
    insert.run(row.seq, row.recorded, row.actor, row.patient_ids, row.event, prev, hash);
    prev = hash;
  }
}

describe('0004 (keyed audit chain) and 0005 (resource history) on version-3 files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const v3Store = (name: string, rows: number, tamper?: (db: Db) => void): { file: string; keyFile: string } => {
    const file = path.join(dir, `${name}.db`);
    const keyFile = path.join(dir, `${name}.key`);
    const db = openEncryptedDatabase(file, keyFileProvider(keyFile)).db;
    migrate(db, MIGRATIONS.slice(0, 3));
    writeLegacyAuditRows(db, rows);
    db.prepare("INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES ('p1', 'Patient', 'p1', '{\"resourceType\":\"Patient\",\"id\":\"p1\"}', 'then')").run();
    tamper?.(db);
    db.close();
    return { file, keyFile };
  };

  it('re-links the old rows under the audit key, keeps their SHA-256 hashes, records that it did so, and checkpoints the head', () => {
    const { file, keyFile } = v3Store('up', 5);
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      expect(cache.store.stats().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(cache.audit.verify()).toMatchObject({ ok: true, checked: 6, checkpoints: { count: 1, latestSeq: 6, unanchored: 0 } });
      const [rechain] = cache.audit.recent(1);
      expect(rechain).toMatchObject({ subtype: [{ code: 'audit-rechain' }], outcome: '0' });
      const detail = Object.fromEntries(rechain!.entity.flatMap((e) => e.detail ?? []).map((d) => [d.type, d.valueString]));
      expect(detail).toMatchObject({ rows: '5', 'legacy-chain': 'intact' });
      const db = cache.store.connection();
      expect((db.prepare('SELECT count(*) AS n FROM audit_event WHERE legacy_hash IS NOT NULL').get() as { n: number }).n).toBe(5);
      expect(cache.audit.recent(6).map((e) => e.id)).toEqual(['6', '5', '4', '3', '2', '1']);
      // The resources came through; the history keeps what an import replaces from now on.
      expect(db.prepare('SELECT count(*) AS n FROM resource').get()).toEqual({ n: 1 });
      expect(tables(db)).toEqual(expect.arrayContaining(['resource_history', 'resource_keep_previous', 'audit_event_append_at_end']));
      // Reads keep chaining after the re-linked rows.
      cache.audit.recordDisclosure({ patientId: 'p1', decision: 'denied', fields: ['clinical'], recipient: 'caller' }, { actor: 'agent/a', reason: 'test' });
      expect(cache.audit.verify()).toMatchObject({ ok: true, checked: 7 });
    } finally {
      cache.close();
    }
  });

  it('records a legacy chain that was already broken instead of laundering it', () => {
    const { file, keyFile } = v3Store('broken', 4, (db) => {
      db.exec('DROP TRIGGER audit_event_no_update');
      db.prepare("UPDATE audit_event SET actor = 'agent/edited' WHERE seq = 3").run();
    });
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      const [rechain] = cache.audit.recent(1);
      expect(rechain).toMatchObject({ subtype: [{ code: 'audit-rechain' }], outcome: '8' });
      const detail = Object.fromEntries(rechain!.entity.flatMap((e) => e.detail ?? []).map((d) => [d.type, d.valueString]));
      expect(detail['legacy-chain']).toBe('broken at row 3');
    } finally {
      cache.close();
    }
  });

  it('a store whose keyed chain has rows refuses to open without its audit key (cacheAuditKeyMissing)', () => {
    const { file, keyFile } = v3Store('nokey', 2);
    openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) }).close();
    fs.rmSync(path.join(dir, 'nokey.audit-key'));
    expect(() => openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) })).toThrow(expect.objectContaining({ code: 'cacheAuditKeyMissing' }));
    expect(fs.existsSync(path.join(dir, 'nokey.audit-key'))).toBe(false);
  });

  it('0005: overwriting a resource with other content keeps the previous version; history rows are append-only', () => {
    const file = path.join(dir, 'h.db');
    const db = openEncryptedDatabase(file, keyFileProvider(path.join(dir, 'h.key'))).db;
    migrate(db);
    const upsert = db.prepare('INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET json = excluded.json, imported_at = excluded.imported_at');
    upsert.run('p1', 'Patient', 'p1', '{"v":1}', 't1');
    upsert.run('p1', 'Patient', 'p1', '{"v":1}', 't2');
    upsert.run('p1', 'Patient', 'p1', '{"v":2}', 't3');
    expect(db.prepare('SELECT json, imported_at, replaced_at FROM resource_history').all()).toEqual([{ json: '{"v":1}', imported_at: 't2', replaced_at: 't3' }]);
    expect(() => db.prepare('DELETE FROM resource_history').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE resource_history SET json = '{}'").run()).toThrow(/append-only/);
    db.close();
  });
});
