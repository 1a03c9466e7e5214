// A tiny run of the screen-pop benchmark (300 patients, 3 calls) so it cannot rot: real Kamailio,
// real sip.js callers, the app in browser mode and the built renderer in Chromium. Figures are
// checked for shape only; speed is reported by `npm run bench`, never asserted here.
import { expect, test } from '@playwright/test';
import { smokeScreenPopBench } from '../../bench/screen-pop.bench';

test('the screen-pop benchmark measures every call from INVITE in main to the pop on screen', async () => {
  test.setTimeout(120_000);
  const lines: string[] = [];
  const f = await smokeScreenPopBench((l) => lines.push(l));
  expect(f.samples).toBe(3);
  expect(f.singleMatch + f.severalMatches).toBe(3);
  expect(f.p50Ms).toBeGreaterThan(0);
  expect(f.maxMs).toBeGreaterThanOrEqual(f.p95Ms);
  expect(f.p95Ms).toBeGreaterThanOrEqual(f.p50Ms);
  expect(f.lookupP50Ms).toBeGreaterThan(0);
  expect(f.deliveredP50Ms).toBeGreaterThan(0);
  expect(f.deliveredP50Ms).toBeLessThanOrEqual(f.maxMs);
  expect(lines.some((l) => l.startsWith('SCREEN_POP_BENCH_JSON '))).toBe(true);
});
