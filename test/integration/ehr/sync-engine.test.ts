/**
 * The incremental sync against the real HAPI FHIR R4 server, into a real encrypted store: a patient
 * made, changed (phone, name) and deleted on the server reaches the cache after syncNow(); an older
 * version arriving later is stale; concurrent calls coalesce; a server that cannot be reached reports
 * offline with the error code while the cache keeps answering.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, ServerCopyRepository } from '../../../electron/cache';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { FhirError } from '../../../electron/ehr/fhir-error';
import { publishPatientChanges } from '../../../electron/ehr/patient-changes';
import { SyncEngine, type SyncStatus } from '../../../electron/ehr/sync-engine';
import { readSyncPoint, writeSyncPoint } from '../../../electron/ehr/sync-state';
import { DomainEventBus } from '../../../electron/main/domain-events';
import type { PatientChanged } from '../../../shared/events/domain-events';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ctx, openTestStore, tempDir, type TestStore } from '../cache/helpers';
import { freePort as closedPort } from '../../loopback-port';
import { ifSetUp } from '../../if-set-up';

const info = fhirServerInfo();

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'incremental sync against a real HAPI FHIR R4 server' : `incremental sync: SKIPPED, ${info.reason}`, () => {
  let client: FhirClient;
  let cache: TestStore;
  let copy: ServerCopyRepository;
  let state: EhrSyncStateRepository;
  let engine: SyncEngine;
  let cleanup: () => void;
  const changedEvents: PatientChanged[] = [];
  const statuses: SyncStatus[] = [];
  // Unique to this run: the shared server holds other tests' patients too.
  const id = `sync-${randomUUID().slice(0, 8)}`;
  const phone = (n: number) => `+1 617 555 ${String(1000 + n).slice(-4)}`;
  const digits = String(Math.floor(Math.random() * 9000) + 1000);
  const firstPhone = `+1 413 555 ${digits}`;
  const secondPhone = `+1 508 555 ${digits}`;
  const patient = (family: string, tel: string): Patient => ({
    resourceType: 'Patient',
    id,
    identifier: [{ system: 'urn:carefront:test:mrn', value: `MRN-${id}` }],
    name: [{ family, given: ['Imani'] }],
    birthDate: '1991-07-14',
    telecom: [{ system: 'phone', value: tel, use: 'mobile' }],
  });

  beforeAll(async () => {
    client = new FhirClient({ baseUrl: await waitForFhirServer(info) });
    const t = tempDir('carefront-sync-');
    cleanup = t.cleanup;
    cache = openTestStore({ path: path.join(t.dir, 'sync.db'), keyProvider: keyFileProvider(path.join(t.dir, 'sync.key')) });
    copy = new ServerCopyRepository(cache.store);
    state = new EhrSyncStateRepository(cache.store);
    // The first load's sync point: the server's own clock, from a write just made (the load is tested elsewhere).
    const marker = await client.createIfNoneExist<Patient>(
      { resourceType: 'Patient', identifier: [{ system: 'urn:carefront:test:marker', value: id }], name: [{ family: 'Marker' }] },
      `identifier=urn:carefront:test:marker|${id}`,
    );
    writeSyncPoint(state, marker.resource.meta!.lastUpdated!);
    engine = new SyncEngine({ client, copy, state, pollIntervalMs: 0, pageSize: 100 });
    engine.onStatus((s) => statuses.push(s));
    const bus = new DomainEventBus();
    bus.on('patient.changed', (e) => changedEvents.push(e));
    publishPatientChanges(engine, bus);
  }, FHIR_READY_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    await ifSetUp(engine, (e) => e.stop());
    ifSetUp(cache, (c) => {
      c.close();
    });
    ifSetUp(cleanup, (c) => {
      c();
    });
  });

  const lookup = (tel: string) => cache.patients.lookupByPhone(tel, ctx).map((m) => `${m.patientId}:${m.name}`);

  it('a patient made on the server reaches the cache after syncNow(), found by phone and MRN; the changed patient is announced', async () => {
    // Made with its own id (a PUT in a transaction: the client's update always sends If-Match).
    await client.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: patient('Achebe', firstPhone), request: { method: 'PUT', url: `Patient/${id}` } }],
    });
    const run = await engine.syncNow();
    expect(run.applied).toBeGreaterThanOrEqual(1);
    expect(lookup(firstPhone)).toEqual([`${id}:Imani Achebe`]);
    expect(cache.patients.findByMrn(`MRN-${id}`, ctx).map((m) => m.patientId)).toEqual([id]);
    expect(copy.versionOf('Patient', id)).toBe('1');
    expect(changedEvents.some((e) => e.source === 'sync' && e.patientIds.includes(id))).toBe(true);
    const status = engine.status();
    expect(status).toMatchObject({ state: 'idle', errorCode: null });
    expect(status.lastSuccessAt).not.toBeNull();
    expect(readSyncPoint(state)).toBe(status.syncPoint);
    expect(statuses.map((s) => s.state)).toContain('running');
  }, 60_000);

  it("a change on the server (the patient's phone and name) reaches the cache; the old number no longer finds them", async () => {
    await client.update(patient('Achebe-Nwosu', secondPhone), '1');
    changedEvents.length = 0;
    const run = await engine.syncNow();
    expect(run.applied).toBeGreaterThanOrEqual(1);
    expect(copy.versionOf('Patient', id)).toBe('2');
    expect(lookup(secondPhone)).toEqual([`${id}:Imani Achebe-Nwosu`]);
    expect(lookup(firstPhone)).toEqual([]);
    expect(changedEvents.flatMap((e) => e.patientIds)).toContain(id);
    // Nothing new for this patient: a run does not touch it again (what it sees again at the sync point is stale).
    changedEvents.length = 0;
    const again = await engine.syncNow();
    expect(Date.parse(again.syncPoint)).toBeGreaterThanOrEqual(Date.parse(run.syncPoint));
    expect(changedEvents.flatMap((e) => e.patientIds)).not.toContain(id);
  }, 60_000);

  it('an older version arriving later (version 1 from the history) is stale and changes nothing', async () => {
    const versions = await client.history({ type: 'Patient', id });
    const v1 = versions.entries.find((e) => e.versionId === '1')!.resource!;
    expect(copy.apply([v1], 'sync')).toMatchObject({ applied: 0, stale: 1, rejected: 0 });
    expect(lookup(secondPhone)).toEqual([`${id}:Imani Achebe-Nwosu`]);
    expect(lookup(firstPhone)).toEqual([]);
  }, 60_000);

  it('concurrent syncNow() calls coalesce into one run plus at most one follow-up', async () => {
    const before = statuses.filter((s) => s.state === 'running').length;
    const results = await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow(), engine.syncNow()]);
    expect(results).toHaveLength(4);
    // Calls 2..4 share one follow-up run.
    expect(results[1]).toBe(results[2]);
    expect(results[2]).toBe(results[3]);
    expect(statuses.filter((s) => s.state === 'running').length - before).toBe(2);
  }, 60_000);

  it('a delete on the server leaves the cache (lookups, MRN, summary)', async () => {
    await client.delete('Patient', id);
    changedEvents.length = 0;
    const run = await engine.syncNow();
    expect(run.removed).toBeGreaterThanOrEqual(1);
    expect(lookup(secondPhone)).toEqual([]);
    // Gone from MRN lookups (a search may still find another patient whose MRN is the digits alone).
    expect(cache.patients.findByMrn(`MRN-${id}`, ctx).map((m) => m.patientId)).not.toContain(id);
    expect(copy.versionOf('Patient', id)).toBeNull();
    expect(changedEvents.flatMap((e) => e.patientIds)).toContain(id);
  }, 60_000);

  it('a server that cannot be reached: offline with the error code, retried with backoff, and the cache keeps answering', async () => {
    copy.apply([{ ...patient('Kept', phone(7)), id: `${id}-kept`, meta: { versionId: '1' } }], 'sync');
    const down = new FhirClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/fhir`, timeoutMs: 5000 });
    const offline = new SyncEngine({ client: down, copy, state, pollIntervalMs: 60_000, initialBackoffMs: 200, maxBackoffMs: 400 });
    const seen: SyncStatus[] = [];
    offline.onStatus((s) => seen.push(s));
    const err = await offline.syncNow().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FhirError);
    expect((err as FhirError).code).toBe('ehrUnreachable');
    expect(offline.status()).toMatchObject({ state: 'offline', errorCode: 'ehrUnreachable' });
    // Started, it retries on its own with backoff (several tries within a second or two), never on the polling interval.
    offline.start();
    const deadline = Date.now() + 10_000;
    while (seen.filter((s) => s.state === 'offline').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((s) => s.state === 'offline').length).toBeGreaterThanOrEqual(3);
    const next = offline.status().nextRunAt;
    expect(next).not.toBeNull();
    expect(Date.parse(next!) - Date.now()).toBeLessThanOrEqual(1000);
    await offline.stop();
    expect(lookup(phone(7))).toEqual([`${id}-kept:Imani Kept`]);
    // The sync point is untouched by the failures.
    expect(readSyncPoint(state)).toBe(engine.status().syncPoint);
  }, 60_000);

  it('before a first load there is no sync point: ehrNotLoaded', async () => {
    const t = tempDir('carefront-sync-empty-');
    const empty = openTestStore({ path: path.join(t.dir, 'e.db'), keyProvider: keyFileProvider(path.join(t.dir, 'e.key')) });
    try {
      const fresh = new SyncEngine({ client, copy: new ServerCopyRepository(empty.store), state: new EhrSyncStateRepository(empty.store), pollIntervalMs: 0 });
      await expect(fresh.syncNow()).rejects.toMatchObject({ code: 'ehrNotLoaded' });
      expect(fresh.status()).toMatchObject({ state: 'offline', errorCode: 'ehrNotLoaded' });
    } finally {
      empty.close();
      t.cleanup();
    }
  });
});
