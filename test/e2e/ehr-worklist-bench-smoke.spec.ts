// A tiny run of the worklist benchmark (bench/worklist.bench.ts: 50 open Tasks, two desks, two opens, two claims)
// against the run's test FHIR server, so the benchmark does not rot. It checks that every figure is produced and
// sane, never a time; `npm run bench -- worklist` runs it with 5,000 Tasks.
import { expect, test } from '@playwright/test';
import { runWorklistBench, type Percentiles } from '../../bench/worklist.bench';
import { waitUntilReady } from '../fhir-server/fhir-process';
import { e2eFhir as fhir } from './e2e-fhir';

test.skip(!fhir.baseUrl, `no test FHIR server: ${fhir.reason}`);

const sane = (p: Percentiles, n: number) => {
  expect(p.n).toBe(n);
  expect(p.p50Ms).toBeGreaterThan(0);
  expect(p.p95Ms).toBeGreaterThanOrEqual(p.p50Ms);
};

test('worklist benchmark smoke run: seeds, reads and paints the list, a claim at one desk shows at the other; every figure produced', async () => {
  test.setTimeout(600_000);
  const baseUrl = await waitUntilReady(fhir.baseUrl!, fhir.pid, fhir.log, 300_000);
  const lines: string[] = [];
  const f = await runWorklistBench({ baseUrl, tasks: 50, opens: 2, claims: 2, perBundle: 20, log: (l) => lines.push(l) });
  expect(f.seed.bundles).toBe(3);
  // The server is shared with other tests: the list holds at least what was seeded.
  expect(f.listed).toBeGreaterThanOrEqual(50);
  expect(f.renderedItems).toBeGreaterThan(0);
  for (const p of [f.firstRead, f.firstPaint, f.openToPainted]) sane(p, 2);
  for (const p of [f.claimAtB, f.refreshAtA, f.claimToShownAtA]) sane(p, 2);
  expect(f.ratios.paintPerRead).toBeGreaterThan(0);
  expect(lines.some((l) => l.startsWith('WORKLIST_BENCH_JSON '))).toBe(true);
});
