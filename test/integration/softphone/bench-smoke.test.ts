import { describe, expect, it } from 'vitest';
import { smokeSoftphoneBench } from '../../../bench/softphone.bench';

describe('softphone benchmark smoke run', () => {
  it('measures registration, call set-up and concurrent calls on the real rig', async () => {
    const lines: string[] = [];
    const f = await smokeSoftphoneBench((l) => lines.push(l));
    expect(f.registerMs.n).toBe(3);
    expect(f.registerMs.p50).toBeGreaterThan(0);
    expect(f.inviteToEstablishedMs.n).toBe(3);
    expect(f.inviteToEstablishedMs.p99).toBeGreaterThanOrEqual(f.inviteToEstablishedMs.p50);
    expect(f.concurrency[0]).toMatchObject({ calls: 3, established: 3 });
    expect(f.concurrency[0]!.rtpDeliveredPct).toBeGreaterThan(50);
    expect(lines.some((l) => l.startsWith('SOFTPHONE_BENCH_JSON '))).toBe(true);
  }, 60_000);
});
