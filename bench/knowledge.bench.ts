/**
 * Knowledge base benchmark: N articles (CAREFRONT_BENCH_ARTICLES, default 10,000) generated from the shipped ones
 * (each a site's variant: the source article's text with sentences of others mixed in; one in ten also in Arabic
 * or Chinese) indexed in a real encrypted store, then
 * - the index build (one transaction) and the check that skips it when the files did not change;
 * - search latency over realistic queries as an agent types them (prefixes included, Arabic and Chinese too);
 * - suggestion latency from a call's context.
 * Run with `npm run bench -- knowledge`. Nothing here asserts a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { keyFileProvider, openStore } from '../electron/cache';
import { checkKnowledgeDir, knowledgeDir } from '../electron/knowledge/article-files';
import { buildIndexInWorker } from '../electron/knowledge/index-in-worker';
import { buildKnowledgeIndex } from '../electron/knowledge/knowledge-index';
import { searchKnowledge, suggestKnowledge } from '../electron/knowledge/knowledge-queries';
import type { Article } from '../shared/knowledge/article';
import { CALL_REASONS } from '../shared/domain/call-reasons';
import type { LanguageCode } from '../shared/i18n/languages';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITES = ['Riverside Clinic', 'Northgate Health Center', 'Main Campus', 'Downtown Outpatient', 'Lakeside Family Practice', 'Hillcrest Hospital'];

/** What agents type, letter by letter at the end (the prefixes a search as you type asks). */
const QUERIES: { typed: string; language: LanguageCode }[] = [
  ...[
    'colonoscopy preparation',
    'refill request',
    'medical records',
    'financial assistance',
    'interpreter',
    'reading statement',
    'referral status',
    'MRI implant',
    'fasting blood test',
    'cancel appointment',
    'parking',
    'telehealth link',
    'complaint grievance',
    'proxy access',
    'payment plan',
    'insurance denied',
    'crisis 988',
    'good faith estimate',
    'no-show fee',
    'controlled substance',
  ].flatMap((q) => [q.slice(0, 3), q.slice(0, 6), q].map((typed) => ({ typed, language: 'en' as const }))),
  { typed: 'تنظير', language: 'ar' },
  { typed: 'التَّحْضِير للتنظ', language: 'ar' },
  { typed: 'مترجم', language: 'ar' },
  { typed: '结肠镜', language: 'zh' },
  { typed: '口译', language: 'zh' },
  { typed: 'colonoscopia prep', language: 'es' },
];

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  n: number;
}

export interface KnowledgeBenchFigures {
  articles: number;
  /** Rows in the index (an article in each language it is written in). */
  rows: number;
  buildMs: number;
  /** The same build on a worker thread (the desk's way from 1,000 articles), thread start included. */
  workerBuildMs: number;
  /** The longest the main thread's event loop waited (no channel answered) during the build: in place, and on a worker. */
  mainStallInPlaceMs: number;
  mainStallWorkerMs: number;
  /** The start-up check when the files did not change (no rebuild). */
  unchangedMs: number;
  search: Latency;
  suggest: Latency;
  meanHits: number;
}

/** Runs `work` while a 1 ms timer watches the event loop; the longest gap between its turns, in ms. */
async function longestStall<T>(work: () => T | Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await new Promise((r) => setTimeout(r, 5));
    last = performance.now();
    const result = await work();
    longest = Math.max(longest, performance.now() - last);
    return { result, stallMs: Math.round(longest) };
  } finally {
    clearInterval(timer);
  }
}

function latency(timings: number[]): Latency {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { p50Ms: round(at(50)), p99Ms: round(at(99)), maxMs: round(sorted[sorted.length - 1] ?? Number.NaN), n: sorted.length };
}

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` articles from the shipped ones: site variants with other articles' sentences mixed in. */
export function generateArticles(count: number, seed = 7): Article[] {
  const shipped = checkKnowledgeDir(knowledgeDir(path.join(root, 'assets'))).articles;
  const english = shipped.filter((a) => a.language === 'en');
  const translated = shipped.filter((a) => a.language !== 'en');
  const sentences = english.flatMap((a) => a.body.split(/(?<=[.!?])\s+/)).filter((s) => s.length > 30 && !s.startsWith('#'));
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: Article[] = [];
  for (let i = 0; out.filter((a) => a.language === 'en').length < count; i++) {
    const source = english[i % english.length] as Article;
    const site = SITES[Math.floor(i / english.length) % SITES.length] ?? '';
    const slug = `${source.slug}-${i}`;
    const extra = Array.from({ length: 6 }, () => pick(sentences)).join(' ');
    out.push({ ...source, slug, title: `${source.title}: ${site} ${i}`, body: `${source.body}\n\n## At ${site}\n\n${extra}` });
    const translation = translated.find((t) => t.slug === source.slug && rnd() < 0.5);
    if (translation) out.push({ ...translation, slug, title: `${translation.title} ${i}` });
  }
  return out;
}

export async function runKnowledgeBench(options: {
  articles: number;
  searches?: number;
  dir?: string;
  log?: (line: string) => void;
}): Promise<KnowledgeBenchFigures> {
  const log =
    options.log ??
    ((l: string) => {
      console.log(l);
    });
  const dir = fs.mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'carefront-knowledge-bench-'));
  const store = openStore({ path: path.join(dir, 'bench.db'), keyProvider: keyFileProvider(path.join(dir, 'bench.key')) });
  try {
    const articles = generateArticles(options.articles);
    log(`knowledge bench: ${options.articles} articles (${articles.length} rows with translations) in an encrypted store`);
    const inPlace = await longestStall(() => buildKnowledgeIndex(store, articles, 'bench-1'));
    // On a worker, into a second fresh store (the same work as in place: no index to replace first).
    const other = openStore({ path: path.join(dir, 'worker.db'), keyProvider: keyFileProvider(path.join(dir, 'worker.key')) });
    const onWorker = await longestStall(() => buildIndexInWorker(other.path, other.storeKey(), articles, 'bench-1')).finally(() => {
      other.close();
    });
    const build = inPlace.result;
    log(`  index build: ${build.milliseconds.toFixed(0)} ms in place (the main loop held ${inPlace.stallMs} ms)`);
    log(`  on a worker thread: ${onWorker.result.milliseconds.toFixed(0)} ms building (the main loop's longest wait ${onWorker.stallMs} ms)`);
    const unchanged = buildKnowledgeIndex(store, articles, 'bench-1');
    await new Promise((r) => setImmediate(r));
    const searches = options.searches ?? 5000;
    const today = new Date();
    // Warm up (the pages of the index come into SQLite's cache, as after the desk's first searches).
    for (const q of QUERIES) searchKnowledge(store, q.typed, q.language, today);
    const timings: number[] = [];
    const perQuery = new Map<string, number[]>();
    let hits = 0;
    for (let i = 0; i < searches; i++) {
      const q = QUERIES[i % QUERIES.length] ?? { typed: 'refill', language: 'en' };
      const started = performance.now();
      hits += searchKnowledge(store, q.typed, q.language, today).length;
      const ms = performance.now() - started;
      timings.push(ms);
      perQuery.set(q.typed, [...(perQuery.get(q.typed) ?? []), ms]);
    }
    const slowest = [...perQuery]
      .map(([typed, ms]) => ({ typed, p50: latency(ms).p50Ms }))
      .sort((a, b) => b.p50 - a.p50)
      .slice(0, 5);
    const suggestTimings: number[] = [];
    for (let i = 0; i < Math.min(searches, 1000); i++) {
      const started = performance.now();
      suggestKnowledge(store, { language: i % 3 ? 'en' : 'ar', callReason: CALL_REASONS[i % CALL_REASONS.length], appointmentType: 'Colonoscopy' }, today);
      suggestTimings.push(performance.now() - started);
    }
    const figures: KnowledgeBenchFigures = {
      articles: options.articles,
      rows: articles.length,
      buildMs: Math.round(build.milliseconds),
      workerBuildMs: Math.round(onWorker.result.milliseconds),
      mainStallInPlaceMs: inPlace.stallMs,
      mainStallWorkerMs: onWorker.stallMs,
      unchangedMs: Math.round(unchanged.milliseconds * 1000) / 1000,
      search: latency(timings),
      suggest: latency(suggestTimings),
      meanHits: Math.round((hits / searches) * 10) / 10,
    };
    log(`  unchanged files, no rebuild: ${figures.unchangedMs} ms`);
    log(
      `  search (${figures.search.n} queries, ${figures.meanHits} hits each): p50 ${figures.search.p50Ms} ms, p99 ${figures.search.p99Ms} ms, max ${figures.search.maxMs} ms`,
    );
    log(`  slowest queries (their p50): ${slowest.map((q) => `"${q.typed}" ${q.p50} ms`).join(', ')}`);
    log(`  suggest (${figures.suggest.n}): p50 ${figures.suggest.p50Ms} ms, p99 ${figures.suggest.p99Ms} ms`);
    log(`KNOWLEDGE_BENCH_JSON ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const smokeKnowledgeBench = (log: (line: string) => void = () => {}): Promise<KnowledgeBenchFigures> =>
  runKnowledgeBench({ articles: 300, searches: 200, log });

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runKnowledgeBench({ articles: Number(process.env.CAREFRONT_BENCH_ARTICLES ?? 10_000) });
}
