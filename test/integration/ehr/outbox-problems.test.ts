/**
 * Writes that cannot go, with real parts: real encrypted store files, the real HAPI FHIR R4 server (test/fhir-server),
 * the real services and dispatcher. An unreachable server: the job is tried again and again, its delay capped, never
 * given up, and the status says since when the tries have not gone through. A write the server refuses (400): the
 * agent is told (ehr.writeFailed), sees it in ehr.outboxProblems, may retry it, and dismisses it with a reason (the
 * contract checks the arguments; the dismissal is audited; the job is never sent again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WriteBackFailure } from '../../../shared/ehr/write-back';
import { keyFileProvider, openStore, OutboxJobRepository, ServerCopyRepository } from '../../../electron/cache';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { OutboxWorker } from '../../../electron/ehr/outbox-worker';
import { outboxWriteBack } from '../../../electron/ehr/write-back';
import { practiceAttemptWrite } from '../../../electron/ehr/write-back-mapping';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { freePort as closedPort } from '../../loopback-port';

const info = fhirServerInfo();
let dir: string;
let services: Services | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const attempt = (clientId: string) =>
  practiceAttemptWrite({
    clientId,
    trainee: 'Alex Trainee',
    scenarioId: 'booking-new-appointment',
    startedAt: '2026-12-01T10:00:00Z',
    endedAt: '2026-12-01T10:05:00Z',
    percent: 80,
    passed: true,
    report: {},
  });

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !ok();) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('an unreachable server', () => {
  it('is tried again with the delay capped, never given up, and the status says since when', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-outbox-problems-'));
    const store = openStore({ path: path.join(dir, 'desk.db'), keyProvider: keyFileProvider(path.join(dir, 'desk.key')) });
    try {
      const jobs = new OutboxJobRepository(store);
      outboxWriteBack(jobs).create(attempt('practice-attempt-unreachable'));
      const worker = new OutboxWorker({
        jobs,
        client: new FhirClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/fhir`, timeoutMs: 2000 }),
        serverCopy: new ServerCopyRepository(store),
        baseBackoffMs: 10,
        maxBackoffMs: 80,
      });
      const started = new Date().toISOString();
      worker.start();
      await until('eight tries', () => jobs.byClientId('practice-attempt-unreachable')!.attempts >= 8);
      await worker.stop();
      const job = jobs.byClientId('practice-attempt-unreachable')!;
      expect(job.status).toBe('pending');
      expect(job.lastError).toBe('ehrUnreachable');
      // 10 · 2^7 would be 1.28 s: the delay stops at the cap.
      expect(Date.parse(job.nextTryAt!) - Date.parse(job.updatedAt)).toBeLessThanOrEqual(80);
      const status = worker.status();
      expect(status).toMatchObject({ waiting: 1, failed: 0, lastErrorCode: 'ehrUnreachable' });
      expect(status.failingSince! >= started).toBe(true);
      expect(jobs.problems('fhir', 10).map((j) => [j.clientId, j.status, j.lastError])).toEqual([
        ['practice-attempt-unreachable', 'pending', 'ehrUnreachable'],
      ]);
    } finally {
      store.close();
    }
  });
});

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'a write the FHIR server refuses (real HAPI server, real services)' : `outbox problems: SKIPPED, ${info.reason}`,
  () => {
    let baseUrl: string;
    beforeAll(async () => {
      baseUrl = await waitForFhirServer(info);
    }, FHIR_READY_TIMEOUT_MS + 10_000);

    it('reaches the agent, is listed, may be retried, and is dismissed with a reason (audited)', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-outbox-problems-'));
      await (await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 })).close();
      const key = keyFileProvider(path.join(dir, 'demo.key')).readKey()!;
      new EhrConnectionStore(dir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
      services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 5 });
      const s = services;
      const dispatch = createDispatch(buildHandlers(s));
      const refused: WriteBackFailure[] = [];
      s.events.on('ehr.writeFailed', (f) => refused.push(f));
      const jobs = new OutboxJobRepository(s.store);

      // A practice attempt whose subject names a resource type the server does not know: HAPI answers 400.
      const write = attempt('practice-attempt-refused');
      s.ehr.writeBack.create({ ...write, resource: { ...write.resource, subject: { reference: 'NotAType/1' } } as typeof write.resource });
      await until('the refusal', () => jobs.byClientId('practice-attempt-refused')?.status === 'failed');
      expect(refused).toEqual([expect.objectContaining({ jobId: 'practice-attempt-refused', kind: 'practice-attempt', code: 'ehrRefused' })]);

      const listed = await dispatch('ehr.outboxProblems', {});
      expect(listed.ok && listed.value).toEqual([
        expect.objectContaining({
          jobId: 'practice-attempt-refused',
          kind: 'practice-attempt',
          state: 'failed',
          code: 'ehrRefused',
          resourceType: 'Communication',
        }),
      ]);
      expect(s.ehrLink.get().outbox.failed).toBe(1);

      // Tried again at the agent's asking: refused again, and the agent is told again.
      const retried = await dispatch('ehr.outboxRetry', { jobId: 'practice-attempt-refused' });
      expect(retried.ok).toBe(true);
      await until('the second refusal', () => refused.length === 2);
      expect(jobs.byClientId('practice-attempt-refused')!.status).toBe('failed');

      // The contract checks the arguments: a reason is required, the id must look like one.
      for (const args of [{ jobId: 'practice-attempt-refused' }, { jobId: 'practice-attempt-refused', reason: ' ' }, { jobId: '../x', reason: 'duplicate' }]) {
        const r = await dispatch('ehr.outboxDismiss', args);
        expect(r.ok ? null : r.error.code).toBe('invalidArgument');
      }
      const auditBefore = s.audit.count();
      const dismissed = await dispatch('ehr.outboxDismiss', { jobId: 'practice-attempt-refused', reason: 'entered twice, kept the other one' });
      expect(dismissed.ok).toBe(true);
      expect(jobs.byClientId('practice-attempt-refused')!.status).toBe('dropped');
      expect(s.audit.count()).toBe(auditBefore + 1);
      const row = s.audit.rowsAfter(auditBefore, 10).at(-1)!.event;
      expect(row.subtype[0]!.code).toBe('outbox-dismiss');
      expect(row.purposeOfEvent[0]!.text).toContain('entered twice, kept the other one');
      expect(row.entity[0]!.detail).toEqual(expect.arrayContaining([{ type: 'lastError', valueString: 'ehrRefused' }]));

      const after = await dispatch('ehr.outboxProblems', {});
      expect(after.ok && after.value).toEqual([]);
      await until('the counts', () => s.ehrLink.get().outbox.failed === 0);
      // Gone for good: neither retried nor dismissed again.
      const again = await dispatch('ehr.outboxRetry', { jobId: 'practice-attempt-refused' });
      expect(again.ok ? null : again.error.code).toBe('notFound');
    }, 90_000);
  },
);
