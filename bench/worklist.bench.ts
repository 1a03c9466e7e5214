/**
 * The team worklist with thousands of open Tasks, against the real HAPI FHIR R4 test server (started here on loopback
 * and stopped at the end; CAREFRONT_FHIR_BASE_URL uses one already running), two desks (the real app in browser
 * mode, each its own process, connected to the server) and the real renderer in Chromium:
 * 1. Seed: N open callback Tasks (the desk's own mapping: ./worklist-seed.ts), in transaction bundles.
 * 2. First read and first paint, desk A opened K times: the worklist.list request → its answer in the page (main
 *    reads every open Task from the server, checks and sorts them), the answer → the list painted, and the page's
 *    navigation → the list painted.
 * 3. Another agent's claim: desk B claims an item (an If-Match update; its answer carries the item as it now is, and B's page updates that item in place); desk A
 *    reads its list again through the panel's refresh path (what its timer does every `refreshSeconds` of the policy,
 *    here started at once) and shows the item as claimed. Figures: B's claim (click → answer), A's re-read (request →
 *    answer) and B's claim answered → A showing it (the refresh wait of the timer not included).
 * Timings are in the page's clock (performance.now), made comparable between the two pages by performance.timeOrigin.
 * The seeded Tasks are deleted at the end. `npm run bench -- worklist`; CAREFRONT_BENCH_TASKS (default 5,000).
 * Nothing here asserts a time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { keyFileProvider, openStore } from '../electron/cache';
import { EhrConnectionStore } from '../electron/ehr/connection-store';
import { SecretBox } from '../electron/main/services/secret-box';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium-options';
import { startApp, type AppProcess } from '../test/e2e/app-process';
import { startFhirServerProcess, waitUntilReady, type FhirProcess } from '../test/fhir-server/fhir-process';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Percentiles {
  p50Ms: number;
  p95Ms: number;
  n: number;
}

export interface WorklistBenchFigures {
  tasks: number;
  /** Open items on the list (the server may hold more than this run seeded). */
  listed: number;
  seed: { bundles: number; seconds: number; tasksPerSecond: number };
  firstRead: Percentiles;
  firstPaint: Percentiles;
  openToPainted: Percentiles;
  claimAtB: Percentiles;
  refreshAtA: Percentiles;
  claimToShownAtA: Percentiles;
  /** p95 / p50 of each, and the paint's share of the read. */
  ratios: { firstReadSpread: number; firstPaintSpread: number; paintPerRead: number; claimToShownSpread: number };
  /** The list items in A's page when painted (all of them, or the window a windowed list renders). */
  renderedItems: number;
}

export interface WorklistBenchOptions {
  tasks: number;
  /** Times desk A is opened for the first read and paint. */
  opens: number;
  claims: number;
  perBundle?: number;
  baseUrl?: string;
  log?: (line: string) => void;
}

const round = (ms: number) => Number(ms.toFixed(1));
function percentiles(xs: number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0);
  return { p50Ms: at(0.5), p95Ms: at(0.95), n: s.length };
}
const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(2)) : 0);

/**
 * In every page of the desks, before the app's scripts: the time each worklist request leaves and its answer arrives
 * (on the bridge's WebSocket, matched by id), and `benchWhen(selector)`: the moment after the frame in which an
 * element matching it is first in the page (`benchFirstPaint`: the list's, from the page's start). A string, not a function: tsx would wrap named functions in a helper
 * the page does not have.
 */
const PAGE_PROBE = `(() => {
  const w = window;
  w.benchSent = {};
  w.benchAnswered = {};
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const m = /^\\{"kind":"invoke","id":(\\d+),"channel":"(worklist\\.[a-z]+)"/.exec(String(data).slice(0, 80));
    if (m) w.benchSent[m[1]] = { channel: m[2], at: performance.now() };
    if (!this.benchProbed) {
      this.benchProbed = true;
      this.addEventListener('message', (e) => {
        const r = /^\\{"kind":"result","id":(\\d+)/.exec(String(e.data).slice(0, 40));
        if (r && w.benchSent[r[1]]) w.benchAnswered[r[1]] = performance.now();
      });
    }
    return send.call(this, data);
  };
  w.benchWhen = (selector) =>
    new Promise((resolve) => {
      const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
      if (document.querySelector(selector)) return painted();
      const mo = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          mo.disconnect();
          painted();
        }
      });
      mo.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-count'] });
    });
  w.benchFirstPaint = w.benchWhen('.worklist-items[data-count]');
})()`;

interface Exchange {
  channel: string;
  at: number;
  answered: number | null;
}

/** The worklist requests the page sent since `after` (page clock), in order. */
async function exchanges(page: Page, after: number): Promise<Exchange[]> {
  const raw = await page.evaluate<{ sent: Record<string, { channel: string; at: number }>; answered: Record<string, number> }>(
    '({ sent: window.benchSent, answered: window.benchAnswered })',
  );
  return Object.entries(raw.sent)
    .map(([id, s]) => ({ ...s, answered: raw.answered[id] ?? null }))
    .filter((e) => e.at >= after)
    .sort((a, b) => a.at - b.at);
}

/** The first `channel` request sent since `after` once it is answered (polled: the page's CSP allows no eval). */
async function answered(page: Page, channel: string, after: number): Promise<Exchange & { answered: number }> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const e = (await exchanges(page, after)).find((x) => x.channel === channel && x.answered !== null);
    if (e?.answered) return { ...e, answered: e.answered };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${channel} was not answered`);
}

const now = (page: Page) => page.evaluate<number>('performance.now()');
const origin = (page: Page) => page.evaluate<number>('performance.timeOrigin');
const when = (page: Page, selector: string) => page.evaluate<number>(`window.benchWhen(${JSON.stringify(selector)})`);

/** A data folder whose store exists, connected to the server (as `carefront-admin ehr set --auth none` leaves it). */
function connectedDataDir(parent: string, name: string, baseUrl: string): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  const keyProvider = keyFileProvider(path.join(dir, 'demo.key'));
  openStore({ path: path.join(dir, 'demo.db'), keyProvider }).close();
  const key = keyProvider.readKey();
  if (!key) throw new Error('the store key is missing after opening the store');
  new EhrConnectionStore(dir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
  return dir;
}

/** The seeder in its own process (see ./worklist-seed.ts). */
function seedTasks(baseUrl: string, tasks: number, perBundle: number, run: string): Promise<{ ids: string[]; bundles: number; seconds: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'worklist-seed.ts'), baseUrl, String(tasks), String(perBundle), run], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on('line', (l) => {
      if (l.startsWith('seeded ')) resolve(JSON.parse(l.slice('seeded '.length)) as { ids: string[]; bundles: number; seconds: number });
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the seeder exited with ${code}`));
    });
  });
}

/** Deletes the run's Tasks, in transaction bundles. */
async function removeTasks(baseUrl: string, ids: string[], perBundle: number): Promise<void> {
  for (let from = 0; from < ids.length; from += perBundle) {
    const entry = ids.slice(from, from + perBundle).map((id) => ({ request: { method: 'DELETE', url: `Task/${id}` } }));
    const res = await fetch(baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry }),
      signal: AbortSignal.timeout(300_000),
    });
    if (!res.ok) throw new Error(`removing the seeded Tasks answered ${res.status}`);
  }
}

export async function runWorklistBench(o: WorklistBenchOptions): Promise<WorklistBenchFigures> {
  const log = o.log ?? console.log;
  const perBundle = o.perBundle ?? 250;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-worklist-bench-'));
  let server: FhirProcess | null = null;
  const apps: AppProcess[] = [];
  let seededIds: string[] = [];
  let baseUrl = o.baseUrl ?? '';
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    if (!baseUrl) {
      server = await startFhirServerProcess(path.join(dir, 'fhir-server.log'));
      if (!server) throw new Error('the test FHIR server could not be started (bash test/fhir-server/build.sh builds it)');
      baseUrl = await waitUntilReady(server.baseUrl, server.pid, path.join(dir, 'fhir-server.log'), 300_000);
    }
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const seeded = await seedTasks(baseUrl, o.tasks, perBundle, run);
    seededIds = seeded.ids;
    log(`seeded ${o.tasks.toLocaleString('en')} open Tasks in ${seeded.bundles} transaction bundles, ${seeded.seconds} s`);

    for (const name of ['desk-a', 'desk-b']) apps.push(await startApp([], 1, connectedDataDir(dir, name, baseUrl)));
    const [deskA, deskB] = apps as [AppProcess, AppProcess];
    const open = async (app: AppProcess) => {
      const page = await (await browser.newContext()).newPage();
      await page.addInitScript(PAGE_PROBE);
      await page.goto(app.url);
      return page;
    };
    const full = `.worklist-items[data-count]`;
    const countOf = async (page: Page) => Number(await page.locator(full).getAttribute('data-count'));

    // 2. First read and first paint (desk A, opened `opens` times; the first open also warms the server's search).
    const a = await open(deskA);
    await a.locator(full).waitFor({ timeout: 300_000 });
    const listed = await countOf(a);
    const read: number[] = [];
    const paint: number[] = [];
    const toPainted: number[] = [];
    let renderedItems = 0;
    for (let i = 0; i < o.opens; i++) {
      await a.reload();
      const painted = await a.evaluate<number>('window.benchFirstPaint');
      const list = (await exchanges(a, 0)).find((e) => e.channel === 'worklist.list' && e.answered !== null);
      if (!list?.answered) throw new Error('the worklist was painted without an answered read');
      read.push(list.answered - list.at);
      paint.push(painted - list.answered);
      toPainted.push(painted);
      renderedItems = await a.locator('.worklist-item').count();
    }
    log(`first read and paint: ${listed.toLocaleString('en')} items listed, ${renderedItems.toLocaleString('en')} in the page's DOM`);

    // 3. Another agent's claim, shown at desk A.
    const b = await open(deskB);
    await b.locator(full).waitFor({ timeout: 300_000 });
    const claimAtB: number[] = [];
    const refreshAtA: number[] = [];
    const claimToShown: number[] = [];
    const [originA, originB] = [await origin(a), await origin(b)];
    for (let i = 0; i < o.claims; i++) {
      const item = b.locator('.worklist-item[data-status="open"]').first();
      const taskId = await item.getAttribute('data-task-id');
      if (!taskId) throw new Error('a worklist item without its task id');
      const clickAt = await now(b);
      await item.getByRole('button', { name: 'Claim' }).click();
      // The claim's own answer (B's list may show it claimed sooner, from a read of its own under way meanwhile).
      const claim = await answered(b, 'worklist.claim', clickAt);
      claimAtB.push(claim.answered - clickAt);

      const shownAtA = when(a, `.worklist-item[data-task-id="${taskId}"][data-status="claimed"]`);
      const refreshFrom = await now(a);
      await a.locator('.worklist h3 button').click(); // the panel's refresh path (its timer calls the same read)
      const shown = await shownAtA; // by this read, or by one of A's own already under way (its timer, its outbox)
      const refresh = await answered(a, 'worklist.list', refreshFrom);
      refreshAtA.push(refresh.answered - refresh.at);
      claimToShown.push(originA + shown - (originB + claim.answered));
    }

    const figures: WorklistBenchFigures = {
      tasks: o.tasks,
      listed,
      seed: { bundles: seeded.bundles, seconds: seeded.seconds, tasksPerSecond: Math.round(o.tasks / Math.max(seeded.seconds, 0.001)) },
      firstRead: percentiles(read),
      firstPaint: percentiles(paint),
      openToPainted: percentiles(toPainted),
      claimAtB: percentiles(claimAtB),
      refreshAtA: percentiles(refreshAtA),
      claimToShownAtA: percentiles(claimToShown),
      ratios: { firstReadSpread: 0, firstPaintSpread: 0, paintPerRead: 0, claimToShownSpread: 0 },
      renderedItems,
    };
    figures.ratios = {
      firstReadSpread: ratio(figures.firstRead.p95Ms, figures.firstRead.p50Ms),
      firstPaintSpread: ratio(figures.firstPaint.p95Ms, figures.firstPaint.p50Ms),
      paintPerRead: ratio(figures.firstPaint.p50Ms, figures.firstRead.p50Ms),
      claimToShownSpread: ratio(figures.claimToShownAtA.p95Ms, figures.claimToShownAtA.p50Ms),
    };
    const row = (p: Percentiles) => `p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms (n=${p.n}, p95/p50 ${ratio(p.p95Ms, p.p50Ms)})`;
    const rows: [string, string][] = [
      ['seed (transactions)', `${seeded.seconds} s, ${figures.seed.tasksPerSecond} Tasks/s`],
      [`first read (list request → answer in the page)`, row(figures.firstRead)],
      [`first paint (answer → ${renderedItems.toLocaleString('en')} items painted)`, row(figures.firstPaint)],
      ['desk opened → list painted', row(figures.openToPainted)],
      ["B's claim (click → its answer at B)", row(figures.claimAtB)],
      ["A's re-read (refresh request → answer)", row(figures.refreshAtA)],
      ["B's claim answered → shown at A", row(figures.claimToShownAtA)],
      ['paint / read (p50)', String(figures.ratios.paintPerRead)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) log(`  ${k.padEnd(width)}  ${v}`);
    log(`WORKLIST_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await browser.close();
    for (const app of apps) await app.stop();
    if (baseUrl && seededIds.length > 0)
      await removeTasks(baseUrl, seededIds, perBundle).catch((err: unknown) => {
        log(`the seeded Tasks could not be removed: ${String(err)}`);
      });
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const tasks = Number(process.env.CAREFRONT_BENCH_TASKS ?? 5000);
  if (!Number.isInteger(tasks) || tasks < 1) throw new Error('CAREFRONT_BENCH_TASKS must be a whole number of Tasks');
  const baseUrl = process.env.CAREFRONT_FHIR_BASE_URL?.replace(/\/+$/, '');
  await runWorklistBench({ tasks, opens: 10, claims: 20, ...(baseUrl ? { baseUrl } : {}) });
  process.exit(0);
}
