/**
 * Seeds open worklist Tasks for bench/worklist.bench.ts, as the desk's mapping builds them (electron/worklist/
 * task-mapping.ts), in transaction bundles. Its own process (run with tsx): the mapping reads the dispositions data
 * file, which a Playwright test process cannot import, and the benchmark's smoke run is a Playwright test.
 *
 * `worklist-seed.ts <baseUrl> <tasks> <perBundle> <run>` prints one line `seeded {"ids":[…],"bundles":n,"seconds":s}`.
 * A fifth of the items are overdue; the rest are due over the next two days; every one is tagged with the run.
 */
import { fileURLToPath } from 'node:url';
import type { Bundle, Task } from 'fhir/r4';
import { WORKLIST_ORIGINS } from '../shared/domain/worklist';
import { newTask } from '../electron/worklist/task-mapping';

const BENCH_RUN_SYSTEM = 'urn:carefront:bench-run';
const HOUR = 3_600_000;

function benchTask(run: string, i: number, now: Date): Task {
  const due = i % 5 === 0 ? now.getTime() - (1 + (i % 7)) * HOUR : now.getTime() + (1 + (i % 48)) * HOUR;
  const task = newTask({
    kind: 'callback',
    origin: WORKLIST_ORIGINS[i % WORKLIST_ORIGINS.length] ?? null,
    patient: { id: `bench-${run}-${i}`, name: `Bench Patient ${String(i).padStart(4, '0')}` },
    number: `+1617555${String(i % 10_000).padStart(4, '0')}`,
    due: new Date(due).toISOString(),
    now,
  });
  return { ...task, identifier: [{ system: BENCH_RUN_SYSTEM, value: run }] };
}

async function seed(baseUrl: string, tasks: number, perBundle: number, run: string): Promise<{ ids: string[]; bundles: number; seconds: number }> {
  const started = performance.now();
  const now = new Date();
  const ids: string[] = [];
  let bundles = 0;
  for (let from = 0; from < tasks; from += perBundle) {
    const entries = Array.from({ length: Math.min(perBundle, tasks - from) }, (_, k) => ({
      resource: benchTask(run, from + k, now),
      request: { method: 'POST' as const, url: 'Task' },
    }));
    const res = await fetch(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries } satisfies Bundle),
      signal: AbortSignal.timeout(300_000),
    });
    if (!res.ok) throw new Error(`the seed transaction answered ${res.status}`);
    const answer = (await res.json()) as Bundle;
    for (const e of answer.entry ?? []) {
      const id = /^Task\/([^/]+)/.exec(e.response?.location ?? '')?.[1];
      if (!id) throw new Error('a seeded Task came back without its id');
      ids.push(id);
    }
    bundles += 1;
  }
  return { ids, bundles, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [baseUrl, tasks, perBundle, run] = process.argv.slice(2);
  if (!baseUrl || !run || !Number.isInteger(Number(tasks)) || !Number.isInteger(Number(perBundle))) {
    throw new Error('usage: worklist-seed.ts <baseUrl> <tasks> <perBundle> <run>');
  }
  const seeded = await seed(baseUrl, Number(tasks), Number(perBundle), run);
  console.log(`seeded ${JSON.stringify(seeded)}`);
}
