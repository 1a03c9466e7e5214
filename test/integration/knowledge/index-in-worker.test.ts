// A large knowledge base is indexed on a worker thread, in a real encrypted store: the main thread's event loop keeps
// running while the worker builds (so the desk's channels answer), progress comes back to the end, the index the
// worker built is searched from the main connection, a worker that cannot open the store says why and changes
// nothing, and the bundled worker (beside the bundled main process) does the same as the one run from the sources.
import { afterEach, describe, expect, it } from 'vitest';
import { keyFileProvider, openStore, type Store } from '../../../electron/cache';
import { buildIndexInWorker, type IndexInWorkerOptions } from '../../../electron/knowledge/index-in-worker';
import { indexedHash } from '../../../electron/knowledge/knowledge-index';
import { searchKnowledge } from '../../../electron/knowledge/knowledge-queries';
import { WORKER_FROM_ARTICLES } from '../../../electron/knowledge/knowledge-service';
import { generateArticles } from '../../../bench/knowledge.bench';
import { codedErrorOf, useStorePaths } from '../cache/helpers';
import { buildElectronBundles } from '../electron-bundles';

const paths = useStorePaths();
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});
const open = (): Store => (store = openStore({ path: paths.dbPath, keyProvider: keyFileProvider(paths.keyPath) }));

/** Builds on a worker, counting the main loop's turns between the first progress message and the end. */
async function buildCounting(s: Store, articles: ReturnType<typeof generateArticles>, options: IndexInWorkerOptions = {}) {
  const progress: Array<[number, number]> = [];
  let turns = 0;
  let counting = false;
  const ticker = setInterval(() => {
    if (counting) turns += 1;
  }, 1);
  try {
    const build = await buildIndexInWorker(s.path, s.storeKey(), articles, 'worker-hash-1', {
      ...options,
      onProgress: (done, total) => {
        counting = true;
        progress.push([done, total]);
      },
    });
    return { build, progress, turns };
  } finally {
    clearInterval(ticker);
  }
}

describe('the knowledge index on a worker thread', () => {
  it('builds a large index off the main thread, with progress to the end, searchable from the main connection', async () => {
    const s = open();
    const articles = generateArticles(WORKER_FROM_ARTICLES * 2);
    const { build, progress, turns } = await buildCounting(s, articles);
    expect(build).toMatchObject({ rebuilt: true, articles: articles.length });
    expect(progress.at(-1)).toEqual([articles.length, articles.length]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    // The main thread's loop went on turning while the worker built (a build in place would have held it throughout).
    expect(turns).toBeGreaterThan(0);
    expect(indexedHash(s)).toBe('worker-hash-1');
    const first = articles.find((a) => a.language === 'en')!;
    const hits = searchKnowledge(s, first.title, 'en', new Date('2026-12-07T12:00:00Z'));
    expect(hits.map((h) => h.slug)).toContain(first.slug);
  });

  it('a worker that cannot open the store says why, and the index is left as it was', async () => {
    const s = open();
    const before = indexedHash(s);
    expect(await codedErrorOf(() => buildIndexInWorker(s.path, Buffer.alloc(32, 7), generateArticles(50), 'worker-hash-2'))).toBe('cacheWrongKey');
    expect(indexedHash(s)).toBe(before);
  });

  it('the bundled worker beside the bundled main process builds the same index', async () => {
    const bundles = buildElectronBundles();
    try {
      const s = open();
      const articles = generateArticles(300); // and some of their translations
      const { build, progress } = await buildCounting(s, articles, { workerUrl: bundles.workerUrl('knowledge-index-worker.cjs') });
      expect(build).toMatchObject({ rebuilt: true, articles: articles.length });
      expect(progress.at(-1)).toEqual([articles.length, articles.length]);
      expect(indexedHash(s)).toBe('worker-hash-1');
    } finally {
      bundles.remove();
    }
  });
});
