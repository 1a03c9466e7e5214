import { describe, expect, it } from 'vitest';
import { smokeBoardBench } from '../../../bench/board.bench';

describe('board benchmark smoke run', () => {
  it('5 simulated agents publish through Kamailio; the lead board gets their changes and reports latency, CPU, memory', async () => {
    const lines: string[] = [];
    const f = await smokeBoardBench((l) => lines.push(l));
    expect(f.agents).toBe(5);
    expect(f.published).toBeGreaterThan(0);
    expect(f.updates).toBeGreaterThan(0);
    expect(f.latencyMs.p99).toBeGreaterThanOrEqual(f.latencyMs.p50);
    expect(f.rssMb).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('BOARD_BENCH_JSON '))).toBe(true);
  }, 90_000);
});
