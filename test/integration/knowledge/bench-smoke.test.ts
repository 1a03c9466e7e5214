import { describe, expect, it } from 'vitest';
import { smokeKnowledgeBench } from '../../../bench/knowledge.bench';

describe('knowledge benchmark smoke run (300 articles)', () => {
  it('runs end to end and produces every figure', async () => {
    const lines: string[] = [];
    const f = await smokeKnowledgeBench((l) => lines.push(l));
    expect(f.articles).toBe(300);
    expect(f.rows).toBeGreaterThan(300);
    expect(f.buildMs).toBeGreaterThan(0);
    expect(f.workerBuildMs).toBeGreaterThan(0);
    expect(f.mainStallInPlaceMs).toBeGreaterThan(0);
    expect(f.mainStallWorkerMs).toBeGreaterThanOrEqual(0);
    for (const figure of [f.search, f.suggest]) {
      expect(figure.p50Ms).toBeGreaterThan(0);
      expect(figure.p99Ms).toBeGreaterThanOrEqual(figure.p50Ms);
    }
    expect(f.meanHits).toBeGreaterThan(1);
    expect(lines.some((l) => l.startsWith('KNOWLEDGE_BENCH_JSON '))).toBe(true);
  });
});
