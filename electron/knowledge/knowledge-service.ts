/**
 * The desk's knowledge base: the articles checked at start-up (a broken file stops it with every problem listed),
 * the index in the encrypted store brought up to date just after (off the start-up path: the first question waits
 * for it), then searched, suggested from and read. Nothing here is patient data: no audit.
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
import { buildKnowledgeIndex, type IndexBuild } from './knowledge-index';
import { openKnowledgeArticle, searchKnowledge, suggestKnowledge } from './knowledge-queries';

export class KnowledgeService {
  /** Settles once the index matches the files. */
  readonly ready: Promise<IndexBuild>;

  constructor(
    private readonly store: Store,
    assetsDir: string,
    private readonly today: () => Date = () => new Date(),
  ) {
    const check = loadKnowledge(assetsDir);
    this.ready = new Promise<void>((resolve) => setImmediate(resolve)).then(() => buildKnowledgeIndex(store, check.articles, check.contentHash));
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
