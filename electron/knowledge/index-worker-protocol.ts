/** What the knowledge index's worker is given and what it posts back (one place for both sides). */
import type { ErrorCode } from '../../shared/errors';
import type { Article } from '../../shared/knowledge/article';
import type { IndexBuild } from './knowledge-index';

export interface IndexWorkerRequest {
  dbPath: string;
  keyHex: string;
  articles: Article[];
  contentHash: string;
  nowIso: string;
}

export type IndexWorkerMessage =
  { kind: 'progress'; done: number; total: number } | { kind: 'done'; build: IndexBuild } | { kind: 'error'; code: ErrorCode; message: string };
