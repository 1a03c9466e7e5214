/**
 * The desk's writes through the real services and dispatcher: with no FHIR connection configured (the embedded demo
 * store) nothing is queued for a server and the wrap-up is kept locally exactly as before; with the site's connection
 * configured (a real HAPI FHIR R4 server on loopback), the wrap-up and its figures are queued, delivered, and the
 * server's copy replaces the local one in the patient's history. Also the queue's own checks (size, type, version).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Communication } from 'fhir/r4';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider, openStore, OutboxJobRepository } from '../../../electron/cache';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { MAX_WRITE_BYTES, NO_WRITE_BACK, outboxWriteBack } from '../../../electron/ehr/write-back';
import { CLIENT_ID_SYSTEM, practiceAttemptWrite } from '../../../electron/ehr/write-back-mapping';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();
const wrapUp = {
  callId: 'call-wb-1',
  disposition: 'resolved',
  notes: 'Explained the co-pay on the March invoice.',
  followUpAt: null,
  survey: false,
  handleSeconds: 312,
  afterCallSeconds: 41,
};

let dir: string;
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const fhirJobs = (s: Services, type = '%') =>
  (s.store.connection().prepare("SELECT count(*) AS n FROM outbox_job WHERE destination = 'fhir' AND resource_type LIKE ?").get(type) as { n: number }).n;
const firstPatient = (s: Services) => (s.store.connection().prepare('SELECT id FROM patient_index ORDER BY id LIMIT 1').get() as { id: string }).id;

async function save(s: Services, patientId: string): Promise<string> {
  const r = await createDispatch(buildHandlers(s))('wrapUp.save', {
    ...wrapUp,
    patientId,
  });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return (r.value as { communicationId: string }).communicationId;
}

describe('write-back with no FHIR connection configured', () => {
  it('queues nothing for a server: the demo desk keeps its wrap-ups locally as before', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-wb-'));
    services = await createServices({
      dataDir: dir,
      transport: 'bridge',
      demoPatients: 5,
    });
    expect(services.ehr.writeBack.enabled).toBe(false);
    expect(services.ehr.worker).toBeNull();
    const patientId = firstPatient(services);
    const id = await save(services, patientId);
    expect(services.patients.summary(patientId, { actor: 'test', reason: 'test' }).history.some((h) => h.id === id)).toBe(true);
    expect(fhirJobs(services)).toBe(0);
  });

  it('NO_WRITE_BACK queues nothing; a real queue checks what it keeps', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-wb-'));
    const write = practiceAttemptWrite({
      clientId: 'practice-attempt-1',
      trainee: 't',
      scenarioId: 's',
      startedAt: '2026-12-01T10:00:00Z',
      endedAt: '2026-12-01T10:05:00Z',
      percent: 80,
      passed: true,
      report: {},
    });
    expect(NO_WRITE_BACK.create(write)).toBeNull();
    expect(NO_WRITE_BACK.update(write.resource, { version: '1' })).toBeNull();
    {
      const store = openStore({
        path: path.join(dir, 'q.db'),
        keyProvider: keyFileProvider(path.join(dir, 'q.key')),
      });
      try {
        const jobs = new OutboxJobRepository(store);
        let kicks = 0;
        const queue = outboxWriteBack(jobs, () => (kicks += 1));
        expect(queue.create(write)).toMatchObject({
          clientId: 'practice-attempt-1',
          operation: 'create',
          status: 'pending',
          resourceType: 'Communication',
        });
        expect(queue.create(write)!.id).toBe(jobs.byClientId('practice-attempt-1')!.id); // kept once
        expect(kicks).toBe(2);
        const huge = {
          ...write,
          clientId: 'huge',
          resource: {
            ...write.resource,
            text: {
              status: 'generated',
              div: `<div>${'x'.repeat(MAX_WRITE_BYTES)}</div>`,
            },
          } as typeof write.resource,
        };
        expect(() => queue.create(huge)).toThrow(/larger than/);
        expect(() => queue.create({ ...write, clientId: 'bad/id' })).toThrow(/client id/);
        expect(() => queue.update({ ...write.resource, id: 'abc' }, { version: 'W/"1"' })).toThrow(/version/);
        expect(() => queue.update({ ...write.resource }, { version: '1' })).toThrow(/FHIR id/);
        expect(() => queue.delete('not a type', 'x')).toThrow(/resource type/);
        expect(jobs.counts('fhir')).toMatchObject({ waiting: 1, failed: 0 });
      } finally {
        store.close();
      }
    }
  });
});

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'write-back with the site FHIR connection configured (real HAPI server)' : `desk write-back: SKIPPED, ${info.reason}`,
  () => {
    let baseUrl: string;
    beforeAll(async () => {
      baseUrl = await waitForFhirServer(info);
    }, FHIR_READY_TIMEOUT_MS + 10_000);

    it("queues the wrap-up and its figures, delivers them, and the server's copy replaces the local one", async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-wb-'));
      // First run makes the store and its key; the site's connection is sealed under that key, as `carefront-admin ehr set` does.
      await (
        await createServices({
          dataDir: dir,
          transport: 'bridge',
          demoPatients: 5,
        })
      ).close();
      const key = keyFileProvider(path.join(dir, 'demo.key')).readKey()!;
      new EhrConnectionStore(dir, new SecretBox(key)).save({
        baseUrl,
        auth: { kind: 'none' },
      });
      services = await createServices({
        dataDir: dir,
        transport: 'bridge',
        demoPatients: 5,
      });
      expect(services.ehr.writeBack.enabled).toBe(true);
      const worker = services.ehr.worker!;
      const patientId = firstPatient(services);
      const changed: string[] = [];
      services.events.on('patient.changed', (e) => e.source === 'write-back' && changed.push(...e.patientIds));
      const localId = await save(services, patientId);
      expect(fhirJobs(services, 'Communication')).toBe(2);
      // The audit trail was handed to the same outbox at start.
      expect(fhirJobs(services, 'AuditEvent')).toBeGreaterThan(0);
      const jobs = new OutboxJobRepository(services.store);
      for (const deadline = Date.now() + 30_000; [localId, `figures-${localId}`].some((id) => jobs.byClientId(id)?.status !== 'done');) {
        if (Date.now() > deadline) throw new Error('the wrap-up was not delivered within 30 s');
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(worker.status()).toMatchObject({ failed: 0 });
      const found = await new FhirClient({ baseUrl }).search<Communication>('Communication', { identifier: `${CLIENT_ID_SYSTEM}|${localId}` });
      expect(found.resources).toHaveLength(1);
      const serverId = found.resources[0]!.id!;
      const history = services.patients.summary(patientId, {
        actor: 'test',
        reason: 'test',
      }).history;
      expect(history.map((h) => h.id)).toContain(serverId);
      expect(history.map((h) => h.id)).not.toContain(localId);
      expect(changed).toContain(patientId); // an open patient view is told to refresh
    }, 60_000);
    it('a practice desk sends each finished attempt (the live store key opens the site connection)', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-wb-'));
      await (await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 })).close();
      const key = keyFileProvider(path.join(dir, 'demo.key')).readKey()!;
      new EhrConnectionStore(dir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
      services = await createServices({ dataDir: dir, transport: 'bridge', practice: true });
      expect(services.ehr.writeBack.enabled).toBe(true);
      const s = services;
      const dispatch = createDispatch(buildHandlers(s));
      const ringing: string[] = [];
      s.events.on('call.changed', (c) => c.state === 'ringing' && ringing.push(c.id));
      const ok = async (channel: string, args: unknown) => {
        const r = await dispatch(channel, args);
        if (!r.ok) throw new Error(`${channel}: ${r.error.code}`);
        return r.value;
      };
      await ok('practice.start', { scenarioId: 'booking-new-appointment', trainee: 'Alex Trainee' });
      await ok('phone.answer', { callId: ringing[0] });
      await ok('phone.hangup', { callId: ringing[0] });
      const attempt = () =>
        s.store.connection().prepare("SELECT client_id, status FROM outbox_job WHERE client_id LIKE 'practice-attempt-%'").get() as
          { client_id: string; status: string } | undefined;
      for (const deadline = Date.now() + 30_000; attempt()?.status !== 'done';) {
        if (Date.now() > deadline) throw new Error(`the practice attempt was not delivered (${attempt()?.status ?? 'not queued'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
      const found = await new FhirClient({ baseUrl }).search<Communication>('Communication', { identifier: `${CLIENT_ID_SYSTEM}|${attempt()!.client_id}` });
      expect(found.resources).toHaveLength(1);
      expect(found.resources[0]!.category?.[0]?.coding?.[0]?.code).toBe('practice-attempt');
      expect(found.resources[0]!.sender?.display).toBe('Alex Trainee');
    }, 60_000);
  },
);
