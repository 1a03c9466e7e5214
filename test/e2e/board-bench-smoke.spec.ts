// Smoke run of the board-in-Chromium benchmark (5 agents, 3 s) so it does not rot; `npm run bench --
// board-render` runs it with 200 agents. It asserts that the figures exist, not how fast they are.
import { expect, test } from '@playwright/test';
import { runBoardRenderBench } from '../../bench/board-render.bench';

test('board render benchmark smoke run: agents publish, rows update in the page, figures reported', async () => {
  test.setTimeout(90_000);
  const lines: string[] = [];
  const f = await runBoardRenderBench({ agents: 5, seconds: 3, everyMs: 500 }, (l) => lines.push(l));
  expect(f.published).toBeGreaterThan(0);
  expect(f.rowUpdates).toBeGreaterThan(0);
  expect(f.changeToDomMs.p99).toBeGreaterThanOrEqual(f.changeToDomMs.p50);
  expect(f.appRssMb).toBeGreaterThan(0);
  expect(lines.some((l) => l.startsWith('BOARD_RENDER_BENCH_JSON '))).toBe(true);
});
