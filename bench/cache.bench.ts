/**
 * Cache benchmark: phone lookup and summary latency (p50/p99) on the encrypted store and on an
 * unencrypted copy of it (ratio), plus NDJSON import throughput. Patients: CAREFRONT_BENCH_PATIENTS
 * (default 1,000,000); files go to CAREFRONT_BENCH_DIR (default the OS temp dir) and are removed.
 * Run with `npm run bench` (all benches) or `npx tsx bench/cache.bench.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { auditKeysFrom } from '../electron/cache/audit/audit-keys';
import { checkpointFilePath, fileCheckpointSink } from '../electron/cache/audit/checkpoint-sink';
import { decryptCopyInPlace, openEncryptedDatabase, openPlainDatabase } from '../electron/cache/connection';
import { DEFAULT_REGION, ImportRepository, keyFileProvider, openStore, PatientRepository, Store } from '../electron/cache';
import { migrate } from '../electron/cache/migrations';
import { createPatientLookup } from '../electron/cache/repositories/lookup';
import { createSummaryReader } from '../electron/cache/repositories/summary';
import { generateResources } from '../electron/cache/synthetic/generator';
import { writeNdjson } from '../electron/cache/synthetic/write-ndjson';
import { must } from '../shared/must';

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
}

export interface CacheBenchFigures {
  patients: number;
  resources: number;
  generateSeconds: number;
  importSeconds: number;
  importResourcesPerSecond: number;
  /** Through the public API: each call also commits its audit row. readLookup/readSummary: the read path alone. */
  encrypted: StoreFigures;
  plain: StoreFigures;
  /** encrypted / plain, at p50 and p99. */
  ratio: Record<`${keyof StoreFigures}${'P50' | 'P99'}`, number>;
  matchesPerLookup: number;
}

export interface StoreFigures {
  lookup: LatencyFigures;
  summary: LatencyFigures;
  readLookup: LatencyFigures;
  readSummary: LatencyFigures;
}

export interface CacheBenchOptions {
  patients: number;
  samples?: number;
  dir?: string;
  log?: (line: string) => void;
}

const ctx = { actor: 'bench/cache', reason: 'benchmark' };
const pad7 = (n: number): string => String(n).padStart(7, '0');

function percentiles(timings: number[]): LatencyFigures {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number): number => must(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))], 'a timing');
  return { p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}
const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

function time<T>(items: readonly T[], fn: (item: T) => unknown): number[] {
  const warmup = Math.min(items.length, 100);
  for (const item of items.slice(0, warmup)) fn(item);
  return items.map((item) => {
    const t = performance.now();
    fn(item);
    return performance.now() - t;
  });
}

type Timings = Record<keyof StoreFigures, number[]> & { matches: number };

function merge(runs: Timings[]): StoreFigures & { matches: number } {
  const all = (k: keyof StoreFigures) => percentiles(runs.flatMap((r) => r[k]));
  return {
    lookup: all('lookup'),
    summary: all('summary'),
    readLookup: all('readLookup'),
    readSummary: all('readSummary'),
    matches: runs.reduce((s, r) => s + r.matches, 0) / runs.length,
  };
}

function measure(store: Store, phones: string[], patientIds: string[]): Timings {
  const patients = new PatientRepository(store);
  let matches = 0;
  const lookupTimes = time(phones, (p) => {
    const found = patients.lookupByPhone(p, ctx).length;
    if (found === 0) throw new Error('a sampled phone number matched nobody');
    matches += found;
  });
  const summaryTimes = time(patientIds, (id) => patients.summary(id, ctx));
  const lookup = createPatientLookup(store.connection());
  const readSummary = createSummaryReader(store.connection());
  // The read path alone, on other samples (so the pages are not simply the ones just read).
  const readLookupTimes = time([...phones].reverse(), (p) => lookup.byPhone(p));
  const readSummaryTimes = time([...patientIds].reverse(), (id) => readSummary(id));
  return { lookup: lookupTimes, summary: summaryTimes, readLookup: readLookupTimes, readSummary: readSummaryTimes, matches: matches / phones.length };
}

const ratio = (a: LatencyFigures, b: LatencyFigures) => ({ p50: round(a.p50Ms / b.p50Ms, 2), p99: round(a.p99Ms / b.p99Ms, 2) });

export async function runCacheBench(options: CacheBenchOptions): Promise<CacheBenchFigures> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const samples = options.samples ?? 5000;
  const dir = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'carefront-bench-'));
  try {
    const ndjson = path.join(dir, 'patients.ndjson');
    const dbPath = path.join(dir, 'bench.db');
    const keyPath = path.join(dir, 'bench.key');
    const plainPath = path.join(dir, 'plain.db');

    log(`cache bench: ${options.patients.toLocaleString('en')} patients in ${dir}`);
    let t = performance.now();
    const resources = writeNdjson(ndjson, generateResources({ patients: options.patients, seed: 'bench' }));
    const generateSeconds = (performance.now() - t) / 1000;
    log(`  generated ${resources.toLocaleString('en')} resources (NDJSON) in ${generateSeconds.toFixed(1)} s`);

    const store = openStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    t = performance.now();
    const report = await new ImportRepository(store).importFiles([ndjson], { batchSize: 5000 });
    const importSeconds = (performance.now() - t) / 1000;
    if (report.skipped) throw new Error(`${report.skipped} generated resources were skipped`);
    log(`  imported in ${importSeconds.toFixed(1)} s: ${report.resourcesPerSecond.toLocaleString('en')} resources/s`);
    fs.rmSync(ndjson);

    const db = store.connection();
    const phones = (db.prepare('SELECT e164 FROM phone_index ORDER BY random() LIMIT ?').all(samples) as { e164: string }[]).map((r) => r.e164);
    const patientIds = Array.from({ length: samples }, () => `pat-${pad7(1 + Math.floor(Math.random() * options.patients))}`);
    store.close();

    // The plain copy: the same pages, decrypted (rekey to an empty key).
    fs.copyFileSync(dbPath, plainPath);
    const copy = openEncryptedDatabase(plainPath, keyFileProvider(keyPath)).db;
    decryptCopyInPlace(copy);
    copy.close();
    // Let the disk settle: gigabytes of freshly written pages would otherwise be flushed during
    // whichever measurement runs first.
    for (const f of [dbPath, plainPath]) {
      const fd = fs.openSync(f, 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }

    const encryptedStore = openStore({ path: dbPath, keyProvider: keyFileProvider(keyPath) });
    const plainDb = openPlainDatabase(plainPath);
    migrate(plainDb);
    // The plain copy's audit rows continue under the store's own audit key, checkpointed beside the copy.
    const auditSecret = must(keyFileProvider(keyPath).auditKeyProvider?.().readKey(), 'the audit key of the benchmark store');
    const plainStore = new Store(plainDb, plainPath, null, DEFAULT_REGION, {
      auditSecret,
      auditKeys: auditKeysFrom(auditSecret),
      checkpoints: fileCheckpointSink(checkpointFilePath(plainPath)),
    });
    t = performance.now();
    await new PatientRepository(encryptedStore).warmUp();
    const warmUpSeconds = (performance.now() - t) / 1000;
    await new PatientRepository(plainStore).warmUp();
    log(`  warmUp() of the lookup indexes: ${warmUpSeconds.toFixed(1)} s (encrypted)`);
    // Alternating rounds, so background noise lands on both stores alike.
    const rounds = 5;
    const parts = Array.from({ length: rounds }, (_, i) => ({
      phones: phones.filter((_, j) => j % rounds === i),
      ids: patientIds.filter((_, j) => j % rounds === i),
    }));
    const encryptedRuns: ReturnType<typeof measure>[] = [];
    const plainRuns: ReturnType<typeof measure>[] = [];
    for (const part of parts) {
      encryptedRuns.push(measure(encryptedStore, part.phones, part.ids));
      plainRuns.push(measure(plainStore, part.phones, part.ids));
    }
    encryptedStore.close();
    plainStore.close();
    const encrypted = merge(encryptedRuns);
    const plain = merge(plainRuns);

    const r = Object.fromEntries(
      (['lookup', 'summary', 'readLookup', 'readSummary'] as const).flatMap((k) => {
        const { p50, p99 } = ratio(encrypted[k], plain[k]);
        return [
          [`${k}P50`, p50],
          [`${k}P99`, p99],
        ];
      }),
    ) as CacheBenchFigures['ratio'];
    const { matches, ...encryptedFigures } = encrypted;
    const { matches: _plainMatches, ...plainFigures } = plain;
    const figures: CacheBenchFigures = {
      patients: options.patients,
      resources,
      generateSeconds: round(generateSeconds, 1),
      importSeconds: round(importSeconds, 1),
      importResourcesPerSecond: report.resourcesPerSecond,
      encrypted: encryptedFigures,
      plain: plainFigures,
      ratio: r,
      matchesPerLookup: round(matches, 2),
    };
    const row = (label: string, k: keyof StoreFigures) => {
      log(
        `  ${label.padEnd(34)} encrypted p50 ${figures.encrypted[k].p50Ms} ms  p99 ${figures.encrypted[k].p99Ms} ms | plain p50 ${figures.plain[k].p50Ms} ms  p99 ${figures.plain[k].p99Ms} ms | ratio p50 ${r[`${k}P50`]}  p99 ${r[`${k}P99`]}`,
      );
    };
    row('phone lookup (API, + audit row)', 'lookup');
    row('summary (API, + audit row)', 'summary');
    row('phone lookup (read path only)', 'readLookup');
    row('summary (read path only)', 'readSummary');
    log(`  targets: lookup p99 < 1 ms, summary p99 < 5 ms, encrypted/plain < 1.3, import >= 20,000 resources/s`);
    log(`CACHE_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A small run (~2,000 patients) that the test suite executes so the benchmark does not rot. */
export const smokeCacheBench = (log: (line: string) => void = () => {}): Promise<CacheBenchFigures> => runCacheBench({ patients: 2000, samples: 600, log });

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const patients = Number(process.env.CAREFRONT_BENCH_PATIENTS ?? 1_000_000);
  await runCacheBench({ patients, ...(process.env.CAREFRONT_BENCH_DIR ? { dir: process.env.CAREFRONT_BENCH_DIR } : {}) });
}
