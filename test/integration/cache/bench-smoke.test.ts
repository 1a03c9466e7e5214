import { describe, expect, it } from 'vitest';
import { smokeCacheBench } from '../../../bench/cache.bench';

describe('cache benchmark smoke run (~2,000 patients)', () => {
  it('runs end to end and produces every figure', async () => {
    const lines: string[] = [];
    const f = await smokeCacheBench((l) => lines.push(l));
    expect(f.patients).toBe(2000);
    expect(f.resources).toBeGreaterThan(10_000);
    expect(f.importResourcesPerSecond).toBeGreaterThan(1000);
    for (const store of [f.encrypted, f.plain]) {
      for (const figure of [store.lookup, store.summary, store.readLookup, store.readSummary]) {
        expect(figure.p50Ms).toBeGreaterThan(0);
        expect(figure.p99Ms).toBeGreaterThanOrEqual(figure.p50Ms);
      }
    }
    expect(f.ratio.lookupP99).toBeGreaterThan(0);
    expect(f.matchesPerLookup).toBeGreaterThanOrEqual(1);
    expect(lines.some((l) => l.startsWith('CACHE_BENCH_JSON '))).toBe(true);
  });
});
