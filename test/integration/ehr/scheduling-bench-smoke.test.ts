/**
 * A tiny run of the scheduling benchmark (bench/scheduling.bench.ts) against the run's HAPI FHIR server, so the
 * benchmark does not rot: a few slots, searches and bookings. It checks that every figure is produced and sane, never a time.
 */
import { describe, expect, it } from 'vitest';
import type { Percentiles } from '../../../bench/ehr.bench';
import { runSchedulingBench } from '../../../bench/scheduling.bench';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();

const sane = (p: Percentiles, n: number) => {
  expect(p.n).toBe(n);
  expect(p.p50Ms).toBeGreaterThanOrEqual(0);
  expect(p.p95Ms).toBeGreaterThanOrEqual(p.p50Ms);
};

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'scheduling benchmark smoke run (40 slots)' : `scheduling benchmark smoke: SKIPPED, ${info.reason}`, () => {
  it(
    'seeds slots in transactions, times slot searches and bookings; every figure produced',
    async () => {
      const lines: string[] = [];
      const f = await runSchedulingBench({ baseUrl: await waitForFhirServer(info), slots: 40, searches: 3, bookings: 3, batch: 15, log: (l) => lines.push(l) });
      expect(f.slots).toBe(40);
      expect(f.seed.transactions).toBe(3);
      expect(f.seed.slotsPerSecond).toBeGreaterThan(0);
      sane(f.searchAny, 3);
      sane(f.searchPractitioner, 3);
      sane(f.booking, 3);
      expect(f.taken).toBe(0);
      expect(lines.some((l) => l.startsWith('SCHEDULING_BENCH_JSON '))).toBe(true);
    },
    FHIR_READY_TIMEOUT_MS + 120_000,
  );
});
