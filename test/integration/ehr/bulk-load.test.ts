/**
 * The first load by Bulk Data `$export` from the real HAPI FHIR R4 server into fresh encrypted stores:
 * in this process (counts, lookups by phone and MRN, the sync point, the measured rates), and by the
 * CLI killed twice — while the server builds the export, then after its first file — and resumed: the
 * same export (no second kick-off), the finished files not fetched again. The two exports are built by
 * the server at the same time (HAPI takes minutes per export: its batch jobs advance once a minute).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Patient } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EhrSyncStateRepository, keyFileProvider, ServerCopyRepository } from '../../../electron/cache';
import { BulkExportClient } from '../../../electron/ehr/bulk-export';
import { loadByBulkExport, savedExport, type BulkLoadProgress, type BulkLoadReport } from '../../../electron/ehr/bulk-load';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { readSyncPoint } from '../../../electron/ehr/sync-state';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { ADMIN_LAUNCHER, runAdmin } from '../../admin-cli';
import { ctx, openTestStore, tempDir } from '../cache/helpers';
import { seedGenerated, seedSynthea, syntheaPresent, type SeededPatient } from './seed';
import { ifSetUp } from '../../if-set-up';

const info = fhirServerInfo();
/** HAPI answers `Retry-After: 120` on every poll while its export takes 2–5 minutes here: polls are capped for the test. */
const MAX_WAIT_S = 3;
const LOAD_TIMEOUT_MS = 9 * 60_000;

describe.skipIf(!info.baseUrl)(
  info.baseUrl ? 'first load by $export from a real HAPI FHIR R4 server' : `first load by $export: SKIPPED, ${info.reason}`,
  () => {
    let baseUrl: string;
    let client: FhirClient;
    let dir: string;
    let cleanup: () => void;
    let synthea: SeededPatient[] = [];
    let generated: { resourceType: string; id: string }[] = [];

    beforeAll(async () => {
      baseUrl = await waitForFhirServer(info);
      client = new FhirClient({ baseUrl, timeoutMs: 120_000 });
      ({ dir, cleanup } = tempDir('carefront-bulk-'));
      if (syntheaPresent) synthea = await seedSynthea(client, 2);
      generated = (await seedGenerated(client, 40, 'bulk-load')) as unknown as { resourceType: string; id: string }[];
    }, FHIR_READY_TIMEOUT_MS + 180_000);
    afterAll(() => {
      ifSetUp(cleanup, (c) => {
        c();
      });
    });

    /** The in-process load: every resource kept with the server's version, lookups answer, the sync point is the export's. */
    async function loadInProcess(): Promise<BulkLoadReport> {
      const cache = openTestStore({ path: path.join(dir, 'in-process.db'), keyProvider: keyFileProvider(path.join(dir, 'in-process.key')) });
      try {
        const copy = new ServerCopyRepository(cache.store);
        const state = new EhrSyncStateRepository(cache.store);
        const seen: BulkLoadProgress[] = [];
        const report = await loadByBulkExport({
          client: new BulkExportClient({ baseUrl, maxWaitMs: MAX_WAIT_S * 1000 }),
          copy,
          state,
          onProgress: (p) => seen.push(p),
        });
        expect(report.phase).toBe('done');
        expect(report.resumed).toBe(false);
        expect(report.filesTotal).toBeGreaterThanOrEqual(11);
        expect(report.filesDone).toBe(report.filesTotal);
        expect(report.filesFetched).toBe(report.filesTotal);
        expect(report.resourcesDone).toBe(report.applied + report.stale + report.rejected);
        expect(report.applied).toBeGreaterThanOrEqual(generated.length);
        // What the server reported while it built the export, then each file done, in order.
        expect(seen.some((p) => p.phase === 'waiting' && p.serverProgress !== null)).toBe(true);
        const files = seen.filter((p) => p.phase === 'downloading').map((p) => p.filesDone);
        expect(files).toEqual([...files].sort((a, b) => a - b));
        expect(cache.store.stats().resources).toBe(report.applied);
        for (const r of generated) expect(copy.versionOf(r.resourceType, r.id)).not.toBeNull();
        // A generated patient as the server holds it now: found by its phone and MRN when the export holds this version.
        const p1 = await client.read<Patient>('Patient', 'pat-0000001');
        if (Date.parse(p1.meta!.lastUpdated!) <= Date.parse(report.transactionTime)) {
          expect(copy.versionOf('Patient', 'pat-0000001')).toBe(p1.meta!.versionId);
          const phone = p1.telecom!.find((t) => t.system === 'phone')!.value!;
          expect(cache.patients.lookupByPhone(phone, ctx).map((m) => m.patientId)).toContain('pat-0000001');
          expect(cache.patients.findByMrn(p1.identifier![0]!.value!, ctx).map((m) => m.patientId)).toContain('pat-0000001');
        }
        // Synthea patients (server ids): by MRN, by name and date of birth.
        for (const s of synthea) {
          const onServer = await client.read<Patient>('Patient', s.id);
          const mrn = onServer.identifier!.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))!.value!;
          expect(cache.patients.findByMrn(mrn, ctx).map((m) => m.patientId)).toContain(s.id);
          expect(cache.patients.searchByNameDob(`${s.given} ${s.family}`, s.birthDate, ctx).map((m) => m.patientId)).toContain(s.id);
        }
        expect(readSyncPoint(state)).toBe(report.transactionTime);
        expect(savedExport(state)).toBeNull();
        expect(cache.audit.verify().ok).toBe(true);
        return report;
      } finally {
        cache.close();
      }
    }

    const store = () => ['--db', path.join(dir, 'cli.db'), '--key-file', path.join(dir, 'cli.key')];
    const admin = (...args: string[]) => runAdmin(args, { cwd: dir, timeoutMs: 60_000 });

    /** `ehr load` in a child process, SIGKILLed as soon as a line matches `killAt` (run to the end without one). */
    const load = (killAt: RegExp | null) =>
      new Promise<{ killed: boolean; status: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [ADMIN_LAUNCHER, 'ehr', 'load', '--max-wait', String(MAX_WAIT_S), '--batch-size', '10', ...store()], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (killAt && killAt.test(stdout) && child.exitCode === null) child.kill('SIGKILL');
        });
        child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('error', reject);
        child.on('exit', (status, signal) => {
          resolve({ killed: signal === 'SIGKILL', status, stdout });
        });
      });

    const readState = () => {
      const cache = openTestStore({ path: path.join(dir, 'cli.db'), keyProvider: keyFileProvider(path.join(dir, 'cli.key')) });
      try {
        return {
          saved: savedExport(new EhrSyncStateRepository(cache.store)),
          syncPoint: readSyncPoint(new EhrSyncStateRepository(cache.store)),
          integrity: cache.store.connection().pragma('integrity_check', { simple: true }),
        };
      } finally {
        cache.close();
      }
    };

    /** The CLI's load, killed while waiting, then after its first file, then run to the end. */
    async function loadByCliKilledTwice(): Promise<string> {
      expect((await admin('stats', ...store())).status).toBe(0);
      expect((await admin('ehr', 'set', '--base-url', baseUrl, '--auth', 'none', ...store())).status).toBe(0);

      const first = await load(/^waiting for the server/m);
      expect(first.killed).toBe(true);
      const afterFirst = readState();
      expect(afterFirst.integrity).toBe('ok');
      expect(afterFirst.saved).toMatchObject({ manifest: null, filesDone: [] });
      const statusUrl = afterFirst.saved!.statusUrl;

      const second = await load(/^files [1-9]\d*\/\d+/m);
      expect(second.killed).toBe(true);
      expect(second.stdout).toMatch(/resumed export/);
      const afterSecond = readState();
      expect(afterSecond.integrity).toBe('ok');
      // The same export (no second kick-off), its manifest kept, some files done and not all.
      expect(afterSecond.saved!.statusUrl).toBe(statusUrl);
      const total = afterSecond.saved!.manifest!.output.length;
      const done = afterSecond.saved!.filesDone.length;
      expect(done).toBeGreaterThanOrEqual(1);
      expect(done).toBeLessThan(total);

      const third = await load(null);
      expect(third.killed).toBe(false);
      expect([0, 2]).toContain(third.status);
      // Only the files not done before were fetched.
      expect(third.stdout).toContain(`from ${total} files (${total - done} fetched by this run, resumed)`);
      const end = readState();
      expect(end.saved).toBeNull();
      expect(end.syncPoint).toBe(afterSecond.saved!.manifest!.transactionTime);

      const cache = openTestStore({ path: path.join(dir, 'cli.db'), keyProvider: keyFileProvider(path.join(dir, 'cli.key')) });
      try {
        const copy = new ServerCopyRepository(cache.store);
        for (const r of generated) expect(copy.versionOf(r.resourceType, r.id)).not.toBeNull();
        for (const s of synthea) expect(cache.patients.searchByNameDob(`${s.given} ${s.family}`, s.birthDate, ctx).map((m) => m.patientId)).toContain(s.id);
      } finally {
        cache.close();
      }
      return third.stdout;
    }

    it(
      'loads every resource the cache keeps, in process and by the CLI killed twice and resumed',
      async () => {
        const [report, cliSummary] = await Promise.all([loadInProcess(), loadByCliKilledTwice()]);
        // The measured figures (counts and times only).
        console.info(
          `bulk load: ${report.resourcesDone} resources in ${report.filesTotal} files; server export time ${(report.exportMs / 1000).toFixed(1)} s; ` +
            `desktop load ${(report.loadMs / 1000).toFixed(2)} s = ${report.resourcesPerSecond} resources/s\nCLI: ${cliSummary.trim().split('\n').slice(-4).join(' | ')}`,
        );
      },
      LOAD_TIMEOUT_MS,
    );
  },
);
