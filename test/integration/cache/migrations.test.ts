import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../electron/cache/connection';
import { keyFileProvider, openCache } from '../../../electron/cache';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../electron/cache/migrations';
import { tempDir } from './helpers';

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
    openCache({ path: file, keyProvider: keys }).close();
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
