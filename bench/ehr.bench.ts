/**
 * EHR link benchmark against the real HAPI FHIR R4 test server (test/fhir-server, started here on loopback and
 * stopped at the end; `bash test/fhir-server/build.sh` builds it):
 * 1. Initial load: N generated patients seeded into the server (transaction bundles), then the desk's first load by
 *    `$export` into a fresh encrypted store: the server's export time (kick-off → complete) apart from the desktop
 *    side (download + apply), and the peak RSS / heap of this process while loading.
 *    The same load's desktop side alone, from the generator's NDJSON served on loopback (./ehr-desk-load.ts).
 * 2. A change on the server → the cache: with the subscription watcher and the sync engine running, a patient
 *    updated on the server M times; server write → the cache holding the new version, and → `patient.changed`.
 * 3. The outbox: the write round trip (enqueue → the server's answer applied) and the throughput of a batch of jobs.
 * Patients: CAREFRONT_BENCH_PATIENTS (default 2,000); CAREFRONT_FHIR_BASE_URL uses a server already running instead.
 * Run with `npm run bench -- ehr` or `npx tsx bench/ehr.bench.ts`. Nothing here asserts a time.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BundleEntry, FhirResource, Patient } from 'fhir/r4';
import { EhrSyncStateRepository, keyFileProvider, openStore, OutboxJobRepository, ServerCopyRepository, type Store } from '../electron/cache';
import { generateResources } from '../electron/cache/synthetic/generator';
import { BulkExportClient } from '../electron/ehr/bulk-export';
import { loadByBulkExport } from '../electron/ehr/bulk-load';
import { FhirClient } from '../electron/ehr/fhir-client';
import { OutboxWorker } from '../electron/ehr/outbox-worker';
import { publishPatientChanges } from '../electron/ehr/patient-changes';
import type { ServerCopy } from '../electron/ehr/server-copy';
import { SubscriptionWatcher } from '../electron/ehr/subscription-watcher';
import { SyncEngine } from '../electron/ehr/sync-engine';
import { outboxWriteBack } from '../electron/ehr/write-back';
import { callFiguresWrite } from '../electron/ehr/write-back-mapping';
import { DomainEventBus } from '../electron/main/domain-events';
import { startFhirServerProcess, waitUntilReady } from '../test/fhir-server/fhir-process';
import { runDeskLoadBench, type DeskLoadFigures } from './ehr-desk-load';

export interface Percentiles {
  p50Ms: number;
  p95Ms: number;
  n: number;
}

export interface EhrBenchFigures {
  patients: number;
  seed: { resources: number; bundles: number; seconds: number; resourcesPerSecond: number };
  load: {
    /** Resources read from the export (the server may hold more than this run seeded). */
    resources: number;
    applied: number;
    rejected: number;
    files: number;
    /** The server's own time: kick-off → complete (to the poll that saw it complete). */
    exportSeconds: number;
    /** The desktop side: download + validation + writes. */
    loadSeconds: number;
    resourcesPerSecond: number;
    peakRssMb: number;
    peakHeapMb: number;
  };
  /** The first load's desktop side alone, from NDJSON files served on loopback by this process (bench/ehr-desk-load.ts). */
  deskLoad: DeskLoadFigures;
  /**
   * Server write → the watcher's notification (the server's part), → the cache holding the version, → `patient.changed`.
   * `stages`: each step of the way, timed from the moment the server's answer to the write arrived.
   */
  change: { toNotification: Percentiles; toCache: Percentiles; toEvent: Percentiles; stages: ChangeStages; watcherMode: string };
  outbox: { roundTrip: Percentiles; jobs: number; seconds: number; jobsPerSecond: number; maxInFlight: number };
}

/** One server change's way to the desk, each timed from the server's answer to the write (so the write itself is apart). */
export interface ChangeStages {
  /** The update's own round trip (request → the server's answer). */
  write: Percentiles;
  /** → the `ping` on the websocket (the server's subscription processing). */
  ping: Percentiles;
  /** → the watcher's `onChange` (its debounce). */
  onChange: Percentiles;
  /** → the sync engine's `_history` read done (its first `apply` begins). */
  fetched: Percentiles;
  /** → the cache's transaction done (`apply` returns). */
  applied: Percentiles;
  /** → `patient.changed` on the bus. */
  event: Percentiles;
}

export interface EhrBenchOptions {
  patients: number;
  /** Server updates timed in part 2. Default 20. */
  changes?: number;
  /** Outbox writes timed one at a time. Default 50. */
  roundTrips?: number;
  /** Outbox jobs for the throughput. Default 500. */
  jobs?: number;
  /** A server already running; otherwise one is started and stopped. */
  baseUrl?: string;
  /** Loads of the desk-side-alone part (its median is reported). Default 3. */
  deskLoadRuns?: number;
  /** The generator's seed. Default 'ehr-bench'. */
  seed?: string;
  dir?: string;
  log?: (line: string) => void;
}

/** Resources per seeding transaction (cut at a Patient, so a patient's own resources travel together). */
const SEED_BUNDLE_RESOURCES = 500;
/** A change not in the cache within this is a failure of the bench, not a figure. */
const CHANGE_TIMEOUT_MS = 60_000;
/** The pause between timed changes is 100 ms plus up to this much, at random. */
const CHANGE_JITTER_MS = 1000;
const SERVER_READY_TIMEOUT_MS = Number(process.env.CAREFRONT_FHIR_READY_TIMEOUT_MS ?? 300_000);

const STAGE_NAMES: Record<keyof ChangeStages, string> = {
  write: 'the write itself (request → answer)',
  ping: '→ ping on the websocket',
  onChange: "→ watcher's onChange (debounce)",
  fetched: '→ _history read',
  applied: '→ cache transaction done',
  event: '→ patient.changed',
};

const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const mb = (bytes: number): number => round(bytes / 1024 / 1024);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentiles(timings: readonly number[]): Percentiles {
  if (timings.length === 0) throw new Error('no timings');
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50Ms: Math.round(at(50)), p95Ms: Math.round(at(95)), n: sorted.length };
}

/** Seeds the generator's patients with their own ids (PUTs in transactions of about SEED_BUNDLE_RESOURCES). */
async function seed(client: FhirClient, patients: number, generatorSeed: string): Promise<EhrBenchFigures['seed']> {
  const started = performance.now();
  let entry: BundleEntry[] = [];
  let resources = 0;
  let bundles = 0;
  const send = async () => {
    await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry });
    resources += entry.length;
    bundles += 1;
    entry = [];
  };
  for (const r of generateResources({ patients, seed: generatorSeed })) {
    const resource = r as unknown as FhirResource;
    if (resource.resourceType === 'Patient' && entry.length >= SEED_BUNDLE_RESOURCES) await send();
    entry.push({ fullUrl: `${resource.resourceType}/${resource.id}`, resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
  }
  if (entry.length > 0) await send();
  const seconds = (performance.now() - started) / 1000;
  return { resources, bundles, seconds: round(seconds), resourcesPerSecond: Math.round(resources / seconds) };
}

/** Peak RSS and heap of this process, sampled while `fn` runs. */
async function withMemoryPeak<T>(fn: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 50);
  try {
    const value = await fn();
    sample();
    return { value, rss, heap };
  } finally {
    clearInterval(timer);
  }
}

async function initialLoad(baseUrl: string, store: Store): Promise<EhrBenchFigures['load']> {
  // Polls capped at 1 s: the export time is measured to within about a second.
  const client = new BulkExportClient({ baseUrl, initialWaitMs: 250, maxWaitMs: 1000 });
  const {
    value: report,
    rss,
    heap,
  } = await withMemoryPeak(() => loadByBulkExport({ client, copy: new ServerCopyRepository(store), state: new EhrSyncStateRepository(store) }));
  return {
    resources: report.resourcesDone,
    applied: report.applied,
    rejected: report.rejected,
    files: report.filesTotal ?? 0,
    exportSeconds: round(report.exportMs / 1000),
    loadSeconds: round(report.loadMs / 1000),
    resourcesPerSecond: report.resourcesPerSecond,
    peakRssMb: mb(rss),
    peakHeapMb: mb(heap),
  };
}

/** Updates seeded patients on the server one at a time; times each until the cache holds the version and until `patient.changed`. */
async function serverChanges(baseUrl: string, store: Store, patients: number, changes: number): Promise<EhrBenchFigures['change']> {
  const client = new FhirClient({ baseUrl });
  const copy = new ServerCopyRepository(store);
  // The engine's `apply` calls, timed: the first begins once the history page is read, the last ends with the commit.
  const applyCalls: { start: number; end: number; patientIds: string[] }[] = [];
  const timedCopy: ServerCopy = {
    apply: (resources, source, options) => {
      const start = performance.now();
      const result = copy.apply(resources, source, options);
      applyCalls.push({ start, end: performance.now(), patientIds: result.patientIds });
      return result;
    },
    remove: (...args) => copy.remove(...args),
    versionOf: (type, id) => copy.versionOf(type, id),
  };
  const engine = new SyncEngine({ client, copy: timedCopy, state: new EhrSyncStateRepository(store), pollIntervalMs: 0 });
  const bus = new DomainEventBus();
  const unpublish = publishPatientChanges(engine, bus);
  const announced = new Map<string, number>();
  bus.on('patient.changed', (e) => {
    const at = performance.now();
    for (const id of e.patientIds) if (!announced.has(id)) announced.set(id, at);
  });
  const notifiedAt: number[] = [];
  const watcher = new SubscriptionWatcher({
    baseUrl,
    ownerId: `bench-${randomUUID().slice(0, 8)}`,
    onChange: (change) => {
      if (change.reason === 'notification') notifiedAt.push(performance.now());
      return engine.syncNow().then(() => undefined);
    },
  });
  try {
    await watcher.start();
    if (watcher.status().mode !== 'subscription') throw new Error(`the subscription watcher is not watching (${JSON.stringify(watcher.status())})`);
    await engine.syncNow(); // anything from the load onwards, before timing
    const toNotification: number[] = [];
    const toCache: number[] = [];
    const toEvent: number[] = [];
    const stage = {
      write: [] as number[],
      ping: [] as number[],
      onChange: [] as number[],
      fetched: [] as number[],
      applied: [] as number[],
      event: [] as number[],
    };
    for (let i = 0; i < changes; i += 1) {
      // The last patients seeded (the first ones are the ones other tests on a shared server seed too).
      const id = `pat-${String(patients - (i % patients)).padStart(7, '0')}`;
      const current = await client.read<Patient>('Patient', id);
      const version = current.meta?.versionId;
      if (!version) throw new Error('the server gave a patient without a version');
      const changed: Patient = {
        ...current,
        telecom: [...(current.telecom ?? []), { system: 'phone', value: `+1 617 555 ${String(1000 + i).slice(-4)}`, use: 'work' }],
      };
      announced.delete(id);
      const pingsBefore = watcher.status().notifications;
      const t0 = performance.now();
      const { versionId } = await client.update(changed, version);
      const written = performance.now();
      const deadline = Date.now() + CHANGE_TIMEOUT_MS;
      let inCache: number | null = null;
      let pingAt: number | null = null;
      let eventAt = announced.get(id);
      // On a shared server another write's notification may bring this change in first: wait for all three.
      let notified = notifiedAt.find((at) => at >= t0);
      while (inCache === null || eventAt === undefined || notified === undefined) {
        if (pingAt === null && watcher.status().notifications > pingsBefore) pingAt = performance.now();
        if (inCache === null && copy.versionOf('Patient', id) === versionId) inCache = performance.now();
        if (Date.now() > deadline) throw new Error(`change ${i + 1} did not reach the watcher, the cache and the event within ${CHANGE_TIMEOUT_MS} ms`);
        await sleep(2);
        eventAt = announced.get(id);
        notified = notifiedAt.find((at) => at >= t0);
      }
      // The apply that brought this patient in (the poll above sees the ping to within its 2 ms step, or late when a sync held the loop).
      const brought = applyCalls.find((c) => c.start >= t0 && c.patientIds.includes(id));
      toNotification.push(notified - t0);
      toCache.push(inCache - t0);
      toEvent.push(eventAt - t0);
      stage.write.push(written - t0);
      stage.ping.push((pingAt ?? notified) - written);
      stage.onChange.push(notified - written);
      stage.fetched.push((brought?.start ?? inCache) - written);
      stage.applied.push((brought?.end ?? inCache) - written);
      stage.event.push(eventAt - written);
      applyCalls.length = 0;
      // A late second ping for this write lands before the next is timed; the random part keeps the writes from
      // falling into step with a server that processes changes on a fixed schedule (each would then wait a full period).
      await sleep(100 + Math.random() * CHANGE_JITTER_MS);
    }
    const stages: ChangeStages = {
      write: percentiles(stage.write),
      ping: percentiles(stage.ping),
      onChange: percentiles(stage.onChange),
      fetched: percentiles(stage.fetched),
      applied: percentiles(stage.applied),
      event: percentiles(stage.event),
    };
    return {
      toNotification: percentiles(toNotification),
      toCache: percentiles(toCache),
      toEvent: percentiles(toEvent),
      stages,
      watcherMode: watcher.status().mode,
    };
  } finally {
    await watcher.stop({ removeSubscriptions: true });
    await engine.stop();
    unpublish();
  }
}

/** The outbox: `roundTrips` writes one at a time (enqueue → answer applied), then `jobs` enqueued at once. */
async function outbox(baseUrl: string, store: Store, roundTrips: number, jobs: number): Promise<EhrBenchFigures['outbox']> {
  const repo = new OutboxJobRepository(store);
  const writeBack = outboxWriteBack(repo);
  const maxInFlight = 4;
  const worker = new OutboxWorker({
    jobs: repo,
    client: new FhirClient({ baseUrl, timeoutMs: 30_000 }),
    serverCopy: new ServerCopyRepository(store),
    maxInFlight,
  });
  let settle: (() => void) | null = null;
  worker.onStatus((s) => {
    if (s.waiting === 0 && settle) settle();
  });
  const write = (i: number) =>
    callFiguresWrite({
      recordId: `contact-${randomUUID()}`,
      agent: 'workstation-user/bench',
      callId: `bench-${i}`,
      offeredAt: new Date().toISOString(),
      answeredAt: null,
      endedAt: null,
    });
  worker.start();
  try {
    const trips: number[] = [];
    for (let i = 0; i < roundTrips; i += 1) {
      const done = new Promise<void>((resolve) => (settle = resolve));
      const t0 = performance.now();
      writeBack.create(write(i));
      worker.kick();
      await done;
      trips.push(performance.now() - t0);
    }
    const all = new Promise<void>((resolve) => (settle = resolve));
    const t0 = performance.now();
    for (let i = 0; i < jobs; i += 1) writeBack.create(write(roundTrips + i));
    worker.kick();
    await all;
    const seconds = (performance.now() - t0) / 1000;
    settle = null;
    const counts = repo.counts('fhir');
    if (counts.waiting !== 0 || counts.failed !== 0) throw new Error(`outbox not delivered: ${JSON.stringify(counts)}`);
    return { roundTrip: percentiles(trips), jobs, seconds: round(seconds), jobsPerSecond: Math.round(jobs / seconds), maxInFlight };
  } finally {
    await worker.stop();
  }
}

export async function runEhrBench(options: EhrBenchOptions): Promise<EhrBenchFigures> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const dir = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'carefront-ehr-bench-'));
  const serverLog = path.join(dir, 'fhir-server.log');
  const server = options.baseUrl ? null : await startFhirServerProcess(serverLog);
  const baseUrl = options.baseUrl ?? server?.baseUrl;
  if (!baseUrl) throw new Error('the test FHIR server could not be started (java missing?)');
  let store: Store | null = null;
  try {
    log(`ehr bench: ${options.patients.toLocaleString('en')} patients, ${server ? 'HAPI FHIR R4 started on loopback' : 'a running FHIR server'}`);
    let t = performance.now();
    await waitUntilReady(baseUrl, server?.pid ?? null, serverLog, SERVER_READY_TIMEOUT_MS);
    log(`  server answering after ${round((performance.now() - t) / 1000)} s`);

    const seeded = await seed(new FhirClient({ baseUrl, timeoutMs: 300_000 }), options.patients, options.seed ?? 'ehr-bench');
    log(
      `  seeded ${seeded.resources.toLocaleString('en')} resources in ${seeded.bundles} transactions: ${seeded.seconds} s (${seeded.resourcesPerSecond} resources/s)`,
    );

    store = openStore({ path: path.join(dir, 'desk.db'), keyProvider: keyFileProvider(path.join(dir, 'desk.key')) });
    t = performance.now();
    const load = await initialLoad(baseUrl, store);
    log(`  first load by $export: ${load.resources.toLocaleString('en')} resources in ${load.files} files (rejected ${load.rejected})`);

    const deskLoad = await runDeskLoadBench({ patients: options.patients, runs: options.deskLoadRuns ?? 3, dir, seed: options.seed ?? 'ehr-bench', log });
    const change = await serverChanges(baseUrl, store, options.patients, options.changes ?? 20);
    const out = await outbox(baseUrl, store, options.roundTrips ?? 50, options.jobs ?? 500);
    const figures: EhrBenchFigures = { patients: options.patients, seed: seeded, load, deskLoad, change, outbox: out };

    const rows: [string, string][] = [
      ['seed (transactions, server side)', `${seeded.seconds} s, ${seeded.resourcesPerSecond} resources/s`],
      ['$export on the server (kick-off → complete)', `${load.exportSeconds} s`],
      ['first load, desktop (download + apply)', `${load.loadSeconds} s, ${load.resourcesPerSecond} resources/s`],
      ['first load, peak RSS / heap', `${load.peakRssMb} MB / ${load.peakHeapMb} MB`],
      [
        `first load, desktop side alone (NDJSON on loopback, median of ${deskLoad.runs})`,
        `${deskLoad.seconds} s, ${deskLoad.resourcesPerSecond} resources/s (${deskLoad.resourcesPerCpuSecond} per CPU-second), peak RSS ${deskLoad.peakRssMb} MB`,
      ],
      [`server write → watcher notified (n=${change.toNotification.n})`, `p50 ${change.toNotification.p50Ms} ms, p95 ${change.toNotification.p95Ms} ms`],
      [`server write → cache (n=${change.toCache.n})`, `p50 ${change.toCache.p50Ms} ms, p95 ${change.toCache.p95Ms} ms`],
      [`server write → patient.changed (n=${change.toEvent.n})`, `p50 ${change.toEvent.p50Ms} ms, p95 ${change.toEvent.p95Ms} ms`],
      ...(Object.entries(change.stages) as [keyof ChangeStages, Percentiles][]).map(([name, p]): [string, string] => [
        `  stage from the write's answer: ${STAGE_NAMES[name]}`,
        `p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms`,
      ]),
      [`outbox round trip (n=${out.roundTrip.n})`, `p50 ${out.roundTrip.p50Ms} ms, p95 ${out.roundTrip.p95Ms} ms`],
      [`outbox throughput (${out.jobs} jobs, ${out.maxInFlight} in flight)`, `${out.seconds} s, ${out.jobsPerSecond} jobs/s`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) log(`  ${k.padEnd(width)}  ${v}`);
    log(`EHR_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    store?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const patients = Number(process.env.CAREFRONT_BENCH_PATIENTS ?? 2000);
  if (!Number.isInteger(patients) || patients < 1) throw new Error('CAREFRONT_BENCH_PATIENTS must be a whole number of patients');
  const baseUrl = process.env.CAREFRONT_FHIR_BASE_URL?.replace(/\/+$/, '');
  await runEhrBench({ patients, ...(baseUrl ? { baseUrl } : {}), ...(process.env.CAREFRONT_BENCH_DIR ? { dir: process.env.CAREFRONT_BENCH_DIR } : {}) });
}
