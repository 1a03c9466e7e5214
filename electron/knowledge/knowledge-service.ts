/**
 * The desk's knowledge base: the articles checked at start-up (a broken file stops it with every problem listed),
 * the index in the encrypted store brought up to date just after (off the start-up path: the first question waits
 * for it), then searched, suggested from and read. Nothing here is patient data: no audit.
 * A large knowledge base is indexed on a worker thread, so the desk's channels never wait on it; a small one (the
 * shipped articles: a few milliseconds) in place, without the cost of starting a thread.
 */
import type { z } from 'zod';
import type { Store } from '../cache';
import { safeLog } from '../main/safe-log';
import type {
  KnowledgeArticleView,
  KnowledgeHit,
  KnowledgeOpenArgs,
  KnowledgeSearchArgs,
  KnowledgeSuggestArgs,
  KnowledgeSuggestion,
} from '../../shared/knowledge/article';
import { loadKnowledge } from './article-files';
import { buildIndexInWorker } from './index-in-worker';
import { buildKnowledgeIndex, indexedHash, type IndexBuild } from './knowledge-index';
import { openKnowledgeArticle, searchKnowledge, suggestKnowledge } from './knowledge-queries';

/** From this many articles a rebuild runs on a worker thread (at 1,000 a build takes about 0.2 s on a 2-core machine). */
export const WORKER_FROM_ARTICLES = 1000;

export class KnowledgeService {
  /** Settles once the index matches the files. */
  readonly ready: Promise<IndexBuild>;

  constructor(
    private readonly store: Store,
    assetsDir: string,
    private readonly today: () => Date = () => new Date(),
  ) {
    const check = loadKnowledge(assetsDir);
    this.ready = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      check.articles.length < WORKER_FROM_ARTICLES || indexedHash(store) === check.contentHash
        ? buildKnowledgeIndex(store, check.articles, check.contentHash)
        : buildIndexInWorker(store.path, store.storeKey(), check.articles, check.contentHash),
    );
    this.ready.catch((err: unknown) => {
      safeLog.warn('the knowledge base index could not be built', err);
    });
  }

  async search(args: z.output<typeof KnowledgeSearchArgs>): Promise<KnowledgeHit[]> {
    await this.ready;
    return searchKnowledge(this.store, args.query, args.language, this.today());
  }

  async suggest(args: z.output<typeof KnowledgeSuggestArgs>): Promise<KnowledgeSuggestion[]> {
    await this.ready;
    return suggestKnowledge(this.store, args, this.today());
  }

  async open(args: z.output<typeof KnowledgeOpenArgs>): Promise<KnowledgeArticleView> {
    await this.ready;
    return openKnowledgeArticle(this.store, args.slug, args.language, this.today());
  }
}
