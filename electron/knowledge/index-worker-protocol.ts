/** What the knowledge index's worker is given besides the store, and the progress it posts. */
import type { Article } from '../../shared/knowledge/article';

export interface IndexWorkerArgs {
  articles: Article[];
  contentHash: string;
  nowIso: string;
}

export interface IndexProgress {
  done: number;
  total: number;
}
