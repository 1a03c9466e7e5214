/**
 * The first load's desktop side alone: the desk's own `loadByBulkExport` (download stream, line split, JSON parse,
 * validation, SQLCipher writes, audit) on NDJSON files served from this process on loopback, so the figure holds
 * none of the FHIR server's time (on the test HAPI server the files come out of its database as they are read).
 * The files hold the generator's patients as an `$export` gives them (one file per type, each resource with the
 * server's `meta.versionId` / `lastUpdated`); the loopback server answers the kick-off, the status poll (complete
 * at once) and the files, nothing else. Medians of `runs` loads, each into a fresh encrypted store.
 * Run alone with `npx tsx bench/ehr-desk-load.ts` (CAREFRONT_BENCH_PATIENTS, default 2,000; CAREFRONT_BENCH_RUNS, default 3).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EhrSyncStateRepository, keyFileProvider, openStore, ServerCopyRepository } from '../electron/cache';
import { generateResources } from '../electron/cache/synthetic/generator';
import { BulkExportClient } from '../electron/ehr/bulk-export';
import { loadByBulkExport } from '../electron/ehr/bulk-load';

export interface DeskLoadFigures {
  patients: number;
  resources: number;
  megabytes: number;
  runs: number;
  /** Median of the runs: download + validation + writes, in the desk's code. */
  seconds: number;
  resourcesPerSecond: number;
  /** Every run's resources per second, in the order run. */
  perRun: number[];
  /**
   * Median resources per second of this process's CPU time (user + system) during the load: on a shared machine the
   * wall-clock rate also measures the other work; this one the desk's own work, as if it had a core to itself.
   */
  resourcesPerCpuSecond: number;
  peakRssMb: number;
}

const LAST_UPDATED = '2026-12-01T08:00:00.000Z';

/** Writes one NDJSON file per resource type (as an export does); returns the files and the count. */
function writeExportFiles(dir: string, patients: number, seed: string): { files: { type: string; name: string }[]; resources: number; bytes: number } {
  const streams = new Map<string, { fd: number; name: string; lines: string[] }>();
  let resources = 0;
  let bytes = 0;
  const drain = (s: { fd: number; lines: string[] }) => {
    const text = s.lines.join('');
    fs.writeSync(s.fd, text);
    bytes += Buffer.byteLength(text);
    s.lines.length = 0;
  };
  for (const r of generateResources({ patients, seed })) {
    let s = streams.get(r.resourceType);
    if (!s) {
      const name = `${r.resourceType}.ndjson`;
      s = { fd: fs.openSync(path.join(dir, name), 'w'), name, lines: [] };
      streams.set(r.resourceType, s);
    }
    s.lines.push(`${JSON.stringify({ ...r, meta: { versionId: '1', lastUpdated: LAST_UPDATED } })}\n`);
    resources += 1;
    if (s.lines.length >= 1000) drain(s);
  }
  for (const s of streams.values()) {
    drain(s);
    fs.closeSync(s.fd);
  }
  return { files: [...streams.entries()].map(([type, s]) => ({ type, name: s.name })), resources, bytes };
}

/** Answers the kick-off, the status (complete) and the files; a DELETE of the status is accepted. */
async function serveExport(dir: string, files: { type: string; name: string }[]): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/fhir/$export') {
      res.writeHead(202, { 'Content-Location': `${origin}/fhir/export-status` }).end();
    } else if (url.pathname === '/fhir/export-status') {
      if (req.method === 'DELETE') return void res.writeHead(202).end();
      const manifest = {
        transactionTime: new Date().toISOString(),
        request: `${origin}/fhir/$export`,
        requiresAccessToken: false,
        output: files.map((f) => ({ type: f.type, url: `${origin}/fhir/export-files/${f.name}` })),
        error: [],
      };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(manifest));
    } else if (url.pathname.startsWith('/fhir/export-files/') && files.some((f) => url.pathname.endsWith(`/${f.name}`))) {
      res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' });
      fs.createReadStream(path.join(dir, path.basename(url.pathname))).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  return { baseUrl: `${origin}/fhir`, close };
}

export async function runDeskLoadBench(o: {
  patients: number;
  runs?: number;
  dir?: string;
  seed?: string;
  log?: (line: string) => void;
}): Promise<DeskLoadFigures> {
  const log =
    o.log ??
    ((line: string) => {
      console.log(line);
    });
  const runs = Math.max(1, o.runs ?? 3);
  const dir = fs.mkdtempSync(path.join(o.dir ?? os.tmpdir(), 'carefront-desk-load-'));
  const filesDir = path.join(dir, 'export');
  fs.mkdirSync(filesDir);
  const written = writeExportFiles(filesDir, o.patients, o.seed ?? 'ehr-bench');
  const served = await serveExport(filesDir, written.files);
  try {
    const perRun: number[] = [];
    const perCpu: number[] = [];
    const seconds: number[] = [];
    let peakRss = 0;
    for (let run = 0; run < runs; run += 1) {
      const storeDir = path.join(dir, `run-${run}`);
      fs.mkdirSync(storeDir);
      const store = openStore({ path: path.join(storeDir, 'desk.db'), keyProvider: keyFileProvider(path.join(storeDir, 'desk.key')) });
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      try {
        const client = new BulkExportClient({ baseUrl: served.baseUrl, initialWaitMs: 50, maxWaitMs: 1000 });
        // The loopback server's own work (reading the files, sending them) is in this process's CPU time too.
        const cpu0 = process.cpuUsage();
        const report = await loadByBulkExport({ client, copy: new ServerCopyRepository(store), state: new EhrSyncStateRepository(store) });
        const cpu = process.cpuUsage(cpu0);
        const cpuSeconds = (cpu.user + cpu.system) / 1e6;
        if (report.applied !== written.resources) throw new Error(`the desk applied ${report.applied} of ${written.resources} resources`);
        perRun.push(report.resourcesPerSecond);
        perCpu.push(Math.round(report.resourcesDone / cpuSeconds));
        seconds.push(report.loadMs / 1000);
        log(
          `  desk-side load, run ${run + 1}/${runs}: ${(report.loadMs / 1000).toFixed(2)} s, ${report.resourcesPerSecond} resources/s; CPU ${cpuSeconds.toFixed(2)} s, ${perCpu.at(-1)} resources per CPU-second`,
        );
      } finally {
        clearInterval(sampler);
        store.close();
        fs.rmSync(storeDir, { recursive: true, force: true });
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    return {
      patients: o.patients,
      resources: written.resources,
      megabytes: Number((written.bytes / 1024 / 1024).toFixed(1)),
      runs,
      seconds: Number(median(seconds).toFixed(2)),
      resourcesPerSecond: median(perRun),
      perRun,
      resourcesPerCpuSecond: median(perCpu),
      peakRssMb: Number((peakRss / 1024 / 1024).toFixed(1)),
    };
  } finally {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const patients = Number(process.env.CAREFRONT_BENCH_PATIENTS ?? 2000);
  const runs = Number(process.env.CAREFRONT_BENCH_RUNS ?? 3);
  if (!Number.isInteger(patients) || patients < 1) throw new Error('CAREFRONT_BENCH_PATIENTS must be a whole number of patients');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('CAREFRONT_BENCH_RUNS must be a whole number of runs');
  const f = await runDeskLoadBench({ patients, runs, ...(process.env.CAREFRONT_BENCH_DIR ? { dir: process.env.CAREFRONT_BENCH_DIR } : {}) });
  console.log(
    `desk-side first load: ${f.resources.toLocaleString('en')} resources (${f.megabytes} MB NDJSON), median of ${f.runs}: ${f.seconds} s, ${f.resourcesPerSecond} resources/s (${f.resourcesPerCpuSecond} per CPU-second); peak RSS ${f.peakRssMb} MB`,
  );
  console.log(`DESK_LOAD_JSON ${JSON.stringify(f)}`);
}
