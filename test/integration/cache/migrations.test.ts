import { createHash } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEncryptedDatabase, type Db } from '../../../electron/cache/connection';
import { ContactRecordRepository, keyFileProvider, OutboxJobRepository, ServerCopyRepository } from '../../../electron/cache';
import { importResources } from '../../../electron/cache/import/importer';
import { storeOutbox } from '../../../electron/main/services/outbox-store';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../electron/cache/migrations';
import { tempDir, openTestStore } from './helpers';

const tables = (db: Db): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('migrations on a real encrypted file', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
  });

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
      .prepare(
        "INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES ('p1', 'Patient', 'p1', '{\"resourceType\":\"Patient\",\"id\":\"p1\"}', 'now')",
      )
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
    v3.prepare(
      "INSERT INTO practice_attempt (trainee, scenario_id, started_at, ended_at, percent, passed, report) VALUES ('t', 's', 'a', 'b', 80, 1, '{}')",
    ).run();
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
    const row = {
      seq,
      recorded: `2026-01-0${seq}T10:00:00.000Z`,
      actor: 'agent/legacy',
      patient_ids: '["p1"]',
      event: JSON.stringify({ resourceType: 'AuditEvent', subtype: [{ code: 'summary' }], n: seq }),
    };
    const hash = createHash('sha256').update([prev, row.seq, row.recorded, row.actor, row.patient_ids, row.event].join('\n')).digest('hex');
    insert.run(row.seq, row.recorded, row.actor, row.patient_ids, row.event, prev, hash);
    prev = hash;
  }
}

describe('0004 (keyed audit chain) and 0005 (resource history) on version-3 files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
  });

  const v3Store = (name: string, rows: number, tamper?: (db: Db) => void): { file: string; keyFile: string } => {
    const file = path.join(dir, `${name}.db`);
    const keyFile = path.join(dir, `${name}.key`);
    const db = openEncryptedDatabase(file, keyFileProvider(keyFile)).db;
    migrate(db, MIGRATIONS.slice(0, 3));
    writeLegacyAuditRows(db, rows);
    db.prepare(
      "INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES ('p1', 'Patient', 'p1', '{\"resourceType\":\"Patient\",\"id\":\"p1\"}', 'then')",
    ).run();
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
    const upsert = db.prepare(
      'INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET json = excluded.json, imported_at = excluded.imported_at',
    );
    upsert.run('p1', 'Patient', 'p1', '{"v":1}', 't1');
    upsert.run('p1', 'Patient', 'p1', '{"v":1}', 't2');
    upsert.run('p1', 'Patient', 'p1', '{"v":2}', 't3');
    expect(db.prepare('SELECT json, imported_at, replaced_at FROM resource_history').all()).toEqual([
      { json: '{"v":1}', imported_at: 't2', replaced_at: 't3' },
    ]);
    expect(() => db.prepare('DELETE FROM resource_history').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE resource_history SET json = '{}'").run()).toThrow(/append-only/);
    db.close();
  });
});

describe('0006 (outbox jobs) and 0007 (contact records) on a version-5 store', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
  });

  // What the desk wrote at version 5, through the same import path and in the same shapes: the
  // outbox's notices and the contact records as Communications with Carefront extensions.
  const notice = (id: string, status: string, lead: string, body: string, order: string, sent: string) => ({
    resourceType: 'Communication',
    id,
    status,
    sent,
    sender: { display: 'workstation-user/agent' },
    recipient: [{ display: lead }],
    payload: [{ contentString: body }],
    extension: [
      {
        url: 'urn:carefront:lead-outbox',
        extension: [
          { url: 'lead', valueString: lead },
          { url: 'order', valueString: order },
        ],
      },
    ],
  });
  const contact = (id: string, sender: string, callId: string, offeredAt: string, answeredAt: string | null, endedAt: string) => ({
    resourceType: 'Communication',
    id,
    status: answeredAt ? 'completed' : 'not-done',
    sent: offeredAt,
    sender: { display: sender },
    extension: [
      {
        url: 'urn:carefront:contact-record',
        extension: [
          { url: 'callId', valueString: callId },
          ...(answeredAt ? [{ url: 'answeredAt', valueDateTime: answeredAt }] : []),
          { url: 'endedAt', valueDateTime: endedAt },
        ],
      },
    ],
  });
  const wrapUpFigures = (id: string, sender: string, callId: string, disposition: string, afterCallSeconds: number, sent: string, patient?: string) => ({
    resourceType: 'Communication',
    id,
    status: 'completed',
    ...(patient ? { subject: { reference: `Patient/${patient}` }, payload: [{ contentString: 'called about a bill' }] } : {}),
    sent,
    sender: { display: sender },
    extension: [
      {
        url: 'urn:carefront:wrap-up',
        extension: [
          { url: 'disposition', valueCode: disposition },
          { url: 'callId', valueString: callId },
          { url: 'afterCallSeconds', valueInteger: afterCallSeconds },
        ],
      },
    ],
  });
  const order = (ms: number, n: number) => `${String(ms).padStart(15, '0')}-${String(n).padStart(9, '0')}`;
  const T = Date.parse('2031-03-04T10:00:00Z');
  const iso = (s: number) => new Date(T + s * 1000).toISOString();

  const v5Store = (): { file: string; keyFile: string } => {
    const file = path.join(dir, 'v5.db');
    const keyFile = path.join(dir, 'v5.key');
    const db = openEncryptedDatabase(file, keyFileProvider(keyFile)).db;
    migrate(db, MIGRATIONS.slice(0, 5));
    const write = (resources: unknown[]) => {
      expect(importResources(db, resources, { source: '(version 5)' }).committed).toBe(resources.length);
    };
    write([{ resourceType: 'Patient', id: 'p1', name: [{ family: 'Tester', given: ['Pat'] }], birthDate: '1980-01-01' }]);
    // Written out of order on purpose: the outbox's own order key decides, not the row order.
    write([notice('outbox-b', 'preparation', 'bob', '{"n":2}', order(T + 2000, 1), iso(2))]);
    write([notice('outbox-a', 'preparation', 'bob', '{"n":1}', order(T + 1000, 0), iso(1))]);
    write([notice('outbox-c', 'preparation', 'carol', '{"n":3}', order(T + 3000, 2), iso(3))]);
    // A delivered notice: written again with status completed when the lead accepted it.
    write([notice('outbox-d', 'preparation', 'bob', '{"n":0}', order(T, 3), iso(0))]);
    write([notice('outbox-d', 'completed', 'bob', '{"n":0}', order(T, 3), iso(5))]);
    write([notice('outbox-e', 'stopped', 'carol', '{"n":-1}', order(T - 1000, 4), iso(6))]);
    write([
      contact('contact-own-1', 'workstation-user/lead', 'k1', iso(0), iso(8), iso(308)),
      contact('contact-own-2', 'workstation-user/lead', 'k2', iso(600), null, iso(640)),
      contact('contact-0123abcd', 'alice', 'a1', iso(100), iso(104), iso(300)),
      wrapUpFigures('wrapup-figures-0123abcd', 'alice', 'a1', 'appointmentBooked', 30, iso(400)),
      wrapUpFigures('wrapup-own-1', 'workstation-user/lead', 'k1', 'resolved', 60, iso(400), 'p1'),
    ]);
    db.close();
    return { file, keyFile };
  };

  it('moves the outbox notices into outbox_job, in their old order and with their status, and the waiting ones still go out', () => {
    const { file, keyFile } = v5Store();
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      expect(cache.store.stats().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      const db = cache.store.connection();
      expect(tables(db)).toEqual(expect.arrayContaining(['outbox_job', 'contact_record']));
      const jobs = db
        .prepare('SELECT client_id, destination, recipient, operation, payload, ordering_key, status, created_at FROM outbox_job ORDER BY id')
        .all();
      expect(jobs).toEqual([
        {
          client_id: 'outbox-e',
          destination: 'team-lead',
          recipient: 'carol',
          operation: 'notify',
          payload: '{"n":-1}',
          ordering_key: 'team-lead:carol',
          status: 'dropped',
          created_at: iso(-1),
        },
        {
          client_id: 'outbox-d',
          destination: 'team-lead',
          recipient: 'bob',
          operation: 'notify',
          payload: '{"n":0}',
          ordering_key: 'team-lead:bob',
          status: 'done',
          created_at: iso(0),
        },
        {
          client_id: 'outbox-a',
          destination: 'team-lead',
          recipient: 'bob',
          operation: 'notify',
          payload: '{"n":1}',
          ordering_key: 'team-lead:bob',
          status: 'pending',
          created_at: iso(1),
        },
        {
          client_id: 'outbox-b',
          destination: 'team-lead',
          recipient: 'bob',
          operation: 'notify',
          payload: '{"n":2}',
          ordering_key: 'team-lead:bob',
          status: 'pending',
          created_at: iso(2),
        },
        {
          client_id: 'outbox-c',
          destination: 'team-lead',
          recipient: 'carol',
          operation: 'notify',
          payload: '{"n":3}',
          ordering_key: 'team-lead:carol',
          status: 'pending',
          created_at: iso(3),
        },
      ]);
      // Moved, not copied: no outbox Communication is left among the resources (their last versions are in the history).
      expect(db.prepare("SELECT count(*) AS n FROM resource WHERE id LIKE 'outbox-%'").get()).toEqual({ n: 0 });
      expect(db.prepare("SELECT count(*) AS n FROM resource_history WHERE id = 'outbox-a'").get()).toEqual({ n: 1 });
      // The outbox to the leads picks up exactly what was waiting, in order.
      expect(storeOutbox(new OutboxJobRepository(cache.store)).pending()).toEqual([
        { id: 'outbox-a', lead: 'bob', body: '{"n":1}' },
        { id: 'outbox-b', lead: 'bob', body: '{"n":2}' },
        { id: 'outbox-c', lead: 'carol', body: '{"n":3}' },
      ]);
      // The audit chain is untouched by the move.
      expect(cache.audit.verify()).toMatchObject({ ok: true });
    } finally {
      cache.close();
    }
  });

  it("moves the contact records and team members' wrap-up figures into contact_record; the desk's own wrap-ups stay in the patient's history, their figures copied", () => {
    const { file, keyFile } = v5Store();
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      const db = cache.store.connection();
      expect(
        db
          .prepare('SELECT record_id, kind, agent, call_id, at, answered_at, ended_at, disposition, after_call_seconds FROM contact_record ORDER BY record_id')
          .all(),
      ).toEqual([
        {
          record_id: 'contact-0123abcd',
          kind: 'call',
          agent: 'alice',
          call_id: 'a1',
          at: iso(100),
          answered_at: iso(104),
          ended_at: iso(300),
          disposition: null,
          after_call_seconds: null,
        },
        {
          record_id: 'contact-own-1',
          kind: 'call',
          agent: 'workstation-user/lead',
          call_id: 'k1',
          at: iso(0),
          answered_at: iso(8),
          ended_at: iso(308),
          disposition: null,
          after_call_seconds: null,
        },
        {
          record_id: 'contact-own-2',
          kind: 'call',
          agent: 'workstation-user/lead',
          call_id: 'k2',
          at: iso(600),
          answered_at: null,
          ended_at: iso(640),
          disposition: null,
          after_call_seconds: null,
        },
        {
          record_id: 'wrapup-figures-0123abcd',
          kind: 'wrap-up',
          agent: 'alice',
          call_id: 'a1',
          at: iso(400),
          answered_at: null,
          ended_at: null,
          disposition: 'appointmentBooked',
          after_call_seconds: 30,
        },
        {
          record_id: 'wrapup-own-1',
          kind: 'wrap-up',
          agent: 'workstation-user/lead',
          call_id: 'k1',
          at: iso(400),
          answered_at: null,
          ended_at: null,
          disposition: 'resolved',
          after_call_seconds: 60,
        },
      ]);
      expect((db.prepare("SELECT id FROM resource WHERE type = 'Communication' ORDER BY id").all() as { id: string }[]).map((r) => r.id)).toEqual([
        'wrapup-own-1',
      ]);
      expect(cache.patients.summary('p1', { actor: 'agent/test', reason: 'test' }).history.length).toBe(1);
      // The KPI report's read finds them by time, through the index.
      const read = new ContactRecordRepository(cache.store).forKpis(
        { from: iso(-60), to: iso(3600), wrapUpsTo: iso(90_000), surveysTo: iso(90_000) },
        { actor: 'agent/test', reason: 'test' },
      );
      expect(read.calls.map((c) => c.callId).sort()).toEqual(['a1', 'k1', 'k2']);
      expect(read.wrapUps.map((w) => [w.callId, w.disposition]).sort()).toEqual([
        ['a1', 'appointmentBooked'],
        ['k1', 'resolved'],
      ]);
      const plan = (
        db.prepare("EXPLAIN QUERY PLAN SELECT * FROM contact_record WHERE kind = 'call' AND at >= ? AND at < ?").all('a', 'b') as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' ');
      expect(plan).toContain('contact_record_by_time');
    } finally {
      cache.close();
    }
  });

  it('a store at version 5 with no such Communications migrates to empty tables', () => {
    const file = path.join(dir, 'empty.db');
    const keyFile = path.join(dir, 'empty.key');
    const db = openEncryptedDatabase(file, keyFileProvider(keyFile)).db;
    migrate(db, MIGRATIONS.slice(0, 5));
    db.close();
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      const c = cache.store.connection();
      expect(c.prepare('SELECT (SELECT count(*) FROM outbox_job) AS jobs, (SELECT count(*) FROM contact_record) AS records').get()).toEqual({
        jobs: 0,
        records: 0,
      });
      expect(migrate(c)).toEqual([]);
    } finally {
      cache.close();
    }
  });
});

describe('0008 (the server copy) on a version-7 store', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    cleanup();
  });

  it('adds server_version and ehr_sync_state; what the store held stays, and a resource imported before has no server version until the server sends one', () => {
    const file = path.join(dir, 'v7.db');
    const keyFile = path.join(dir, 'v7.key');
    const db = openEncryptedDatabase(file, keyFileProvider(keyFile)).db;
    migrate(db, MIGRATIONS.slice(0, 7));
    expect(tables(db)).not.toContain('server_version');
    importResources(
      db,
      [{ resourceType: 'Patient', id: 'p1', name: [{ family: 'Before', given: ['Eve'] }], telecom: [{ system: 'phone', value: '617-555-0808' }] }],
      { source: '(version 7)' },
    );
    db.close();
    const cache = openTestStore({ path: file, keyProvider: keyFileProvider(keyFile) });
    try {
      const c = cache.store.connection();
      expect(cache.store.stats().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(tables(c)).toEqual(expect.arrayContaining(['server_version', 'ehr_sync_state']));
      expect(c.prepare('SELECT (SELECT count(*) FROM server_version) AS v, (SELECT count(*) FROM ehr_sync_state) AS s').get()).toEqual({ v: 0, s: 0 });
      const copy = new ServerCopyRepository(cache.store);
      expect(copy.versionOf('Patient', 'p1')).toBeNull();
      expect(cache.patients.lookupByPhone('617-555-0808', { actor: 'agent/test', reason: 'test' }).map((m) => m.patientId)).toEqual(['p1']);
      expect(copy.apply([{ resourceType: 'Patient', id: 'p1', meta: { versionId: '1' }, name: [{ family: 'Server' }] } as Resource], 'export').applied).toBe(1);
      expect(c.prepare("SELECT version_id, deleted, source FROM server_version WHERE type = 'Patient' AND id = 'p1'").get()).toEqual({
        version_id: '1',
        deleted: 0,
        source: 'export',
      });
      expect(() =>
        c.prepare("INSERT INTO server_version (type, id, deleted, source, received_at) VALUES ('Patient', 'x', 0, 'elsewhere', 'now')").run(),
      ).toThrow(/CHECK/);
      expect(migrate(c)).toEqual([]);
    } finally {
      cache.close();
    }
  });
});
