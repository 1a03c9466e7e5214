/**
 * The audit trail leaving the machine, against a real HAPI FHIR R4 server: the desk's audit rows go out as AuditEvents
 * through the outbox (each once, even when delivered twice), each carrying the chain's anchor; the server's copy then
 * finds a workstation log that was wiped (and one rebuilt past the anchor), which the local checks alone cannot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEvent } from 'fhir/r4';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditRepository, keyFileProvider, openStore, OutboxJobRepository, ServerCopyRepository, type Store } from '../../../electron/cache';
import { checkAuditAnchor, exportAuditTrail, fhirAuditDestination } from '../../../electron/ehr/audit-export';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { OutboxWorker } from '../../../electron/ehr/outbox-worker';
import { outboxWriteBack } from '../../../electron/ehr/write-back';
import { auditChainSite, auditClientId } from '../../../electron/ehr/write-back-mapping';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { tempDir } from '../cache/helpers';

const info = fhirServerInfo();
const ctx = { actor: 'workstation-user/lead1', reason: 'quality monitoring' };

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'the audit trail exported to a real HAPI FHIR R4 server' : `audit export: SKIPPED, ${info.reason}`, () => {
  let baseUrl: string;
  let client: FhirClient;
  let dir: string;
  let cleanup: () => void;
  let store: Store | null = null;
  beforeAll(async () => {
    baseUrl = await waitForFhirServer(info);
    client = new FhirClient({ baseUrl });
  }, FHIR_READY_TIMEOUT_MS + 10_000);
  beforeEach(() => ({ dir, cleanup } = tempDir('carefront-audit-export-')));
  afterEach(() => {
    if (store && !store.isClosed) store.close();
    cleanup();
  });

  const open = () => {
    store = openStore({ path: path.join(dir, 'a.db'), keyProvider: keyFileProvider(path.join(dir, 'a.key')) });
    const jobs = new OutboxJobRepository(store);
    const writeBack = outboxWriteBack(jobs);
    const worker = new OutboxWorker({
      jobs,
      client: new FhirClient({ baseUrl }),
      serverCopy: new ServerCopyRepository(store),
      baseBackoffMs: 20,
      maxBackoffMs: 100,
    });
    return { store, jobs, audit: new AuditRepository(store), destination: fhirAuditDestination(writeBack, jobs), worker };
  };
  const monitor = (audit: AuditRepository, n: number) => {
    for (let i = 0; i < n; i += 1) audit.recordMonitoring({ peer: 'agent7', mode: 'listen', callId: `call-${i}`, event: 'started' }, ctx);
  };

  it('exports each row once with its anchor; the check passes, then finds the wiped log and the log rebuilt past the anchor', async () => {
    let desk = open();
    monitor(desk.audit, 5);
    const chainId = desk.store.auditChainId;
    const head = desk.audit.head();
    expect(exportAuditTrail(desk.audit, chainId, desk.destination)).toBe(head.seq);
    expect(exportAuditTrail(desk.audit, chainId, desk.destination)).toBe(0); // handed over already
    expect(desk.destination.exportedUpTo(chainId)).toBe(head.seq);
    await desk.worker.drain();
    expect(desk.worker.status()).toMatchObject({ waiting: 0, failed: 0 });
    // Delivered twice (a lost answer): still one AuditEvent per row.
    desk.store.connection().prepare("UPDATE outbox_job SET status = 'pending' WHERE client_id = ?").run(auditClientId(chainId, 1));
    await desk.worker.drain();
    const onServer = await client.search<AuditEvent>('AuditEvent', { site: auditChainSite(chainId) });
    expect(onServer.resources).toHaveLength(head.seq);
    expect(onServer.resources.every((e) => e.extension?.[0]?.url === 'urn:carefront:audit-anchor')).toBe(true);

    const fine = await checkAuditAnchor(client, desk.audit, chainId);
    expect(fine).toMatchObject({ ok: true, anchor: head, localSeq: head.seq });

    // The workstation's log is wiped: the store and its checkpoints deleted, a new store made with the same keys.
    desk.store.close();
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('a.db'))) fs.rmSync(path.join(dir, f));
    desk = open();
    expect(desk.store.auditChainId).toBe(chainId);
    expect(desk.audit.verify().ok).toBe(true); // locally nothing shows
    const wiped = await checkAuditAnchor(client, desk.audit, chainId);
    expect(wiped.ok).toBe(false);
    expect(wiped.reason).toMatch(/wiped or truncated/);

    // Rebuilt past the anchor: the anchored row is there but is not the one the server holds.
    monitor(desk.audit, head.seq + 2);
    const rebuilt = await checkAuditAnchor(client, desk.audit, chainId);
    expect(rebuilt.ok).toBe(false);
    expect(rebuilt.reason).toMatch(/anchored row missing or changed/);
  }, 90_000);
});
