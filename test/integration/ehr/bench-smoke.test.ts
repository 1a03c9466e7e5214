/**
 * A tiny run of the EHR link benchmark (bench/ehr.bench.ts) against the run's HAPI FHIR server, so the benchmark
 * does not rot: a few patients, a few changes, a few outbox jobs. It checks that every figure is produced and sane,
 * never a time.
 */
import { describe, expect, it } from 'vitest';
import { runEhrBench, type Percentiles } from '../../../bench/ehr.bench';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();

const sane = (p: Percentiles, n: number) => {
  expect(p.n).toBe(n);
  expect(p.p50Ms).toBeGreaterThanOrEqual(0);
  expect(p.p95Ms).toBeGreaterThanOrEqual(p.p50Ms);
};

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'EHR link benchmark smoke run (12 patients)' : `EHR benchmark smoke: SKIPPED, ${info.reason}`, () => {
  it(
    'seeds, loads by $export, times server changes to the cache and the event, and the outbox; every figure produced',
    async () => {
      const baseUrl = await waitForFhirServer(info);
      const lines: string[] = [];
      // The seed other tests use for the same generated ids (pat-0000001…), so a shared server sees the same content.
      const f = await runEhrBench({ baseUrl, patients: 12, changes: 3, roundTrips: 4, jobs: 12, deskLoadRuns: 1, seed: 'ehr-seed', log: (l) => lines.push(l) });
      expect(f.patients).toBe(12);
      expect(f.seed.resources).toBeGreaterThan(12);
      expect(f.seed.bundles).toBeGreaterThanOrEqual(1);
      expect(f.seed.resourcesPerSecond).toBeGreaterThan(0);
      // The server is shared with other tests: the export holds at least what was seeded.
      expect(f.load.resources).toBeGreaterThanOrEqual(f.seed.resources);
      expect(f.load.applied).toBeGreaterThan(0);
      expect(f.load.files).toBeGreaterThan(0);
      expect(f.load.exportSeconds).toBeGreaterThanOrEqual(0);
      expect(f.load.loadSeconds).toBeGreaterThanOrEqual(0);
      expect(f.load.resourcesPerSecond).toBeGreaterThan(0);
      expect(f.load.peakRssMb).toBeGreaterThan(0);
      expect(f.load.peakHeapMb).toBeGreaterThan(0);
      expect(f.load.peakHeapMb).toBeLessThanOrEqual(f.load.peakRssMb);
      expect(f.deskLoad.resources).toBeGreaterThan(12);
      expect(f.deskLoad.runs).toBe(1);
      expect(f.deskLoad.perRun).toHaveLength(1);
      expect(f.deskLoad.resourcesPerSecond).toBeGreaterThan(0);
      expect(f.deskLoad.resourcesPerCpuSecond).toBeGreaterThan(0);
      sane(f.change.toNotification, 3);
      const s = f.change.stages;
      for (const stage of [s.write, s.ping, s.onChange, s.fetched, s.applied, s.event]) sane(stage, 3);
      sane(f.change.toCache, 3);
      sane(f.change.toEvent, 3);
      expect(f.change.watcherMode).toBe('subscription');
      sane(f.outbox.roundTrip, 4);
      expect(f.outbox.jobs).toBe(12);
      expect(f.outbox.jobsPerSecond).toBeGreaterThan(0);
      expect(lines.some((l) => l.startsWith('EHR_BENCH_JSON '))).toBe(true);
    },
    FHIR_READY_TIMEOUT_MS + 300_000,
  );
});
