/**
 * Builds the knowledge base's index in the encrypted store from the checked articles: everything replaced in one
 * transaction (a search never sees half an index), and only when the files' digest differs from the one the index
 * was built from.
 */
import type { Store } from '../cache';
import { guardStore } from '../cache/store-errors';
import { SOURCE_LANGUAGE, type Article } from '../../shared/knowledge/article';
import { foldForIndex } from '../../shared/knowledge/search-text';
import { plainText } from '../../shared/knowledge/markdown';

export interface IndexBuild {
  /** False when the index already matched the files. */
  rebuilt: boolean;
  articles: number;
  milliseconds: number;
}

/** The digest the index was built from ('' before the first build). */
export function indexedHash(store: Pick<Store, 'connection'>): string {
  const db = store.connection();
  return guardStore(() => db.prepare<[], { content_hash: string }>('SELECT content_hash FROM knowledge_source WHERE id = 1').get()?.content_hash ?? '');
}

/** Articles indexed so far, of all, told every this many. */
const PROGRESS_EVERY = 500;

/** Replaces the index with `articles` unless it was built from `contentHash` already. */
export function buildKnowledgeIndex(
  store: Pick<Store, 'connection'>,
  articles: readonly Article[],
  contentHash: string,
  now = new Date(),
  onProgress?: (done: number, total: number) => void,
): IndexBuild {
  const started = performance.now();
  if (contentHash && indexedHash(store) === contentHash) return { rebuilt: false, articles: articles.length, milliseconds: performance.now() - started };
  const db = store.connection();
  guardStore(() => {
    const article = db.prepare(
      `INSERT INTO knowledge_article (slug, language, title, body, call_reasons, appointment_types, flags, escalations, review_by, owner)
       VALUES (@slug, @language, @title, @body, @callReasons, @appointmentTypes, @flags, @escalations, @reviewBy, @owner)`,
    );
    const context = db.prepare('INSERT OR IGNORE INTO knowledge_context (kind, value, article_id) VALUES (?, ?, ?)');
    const fts = db.prepare('INSERT INTO knowledge_fts (rowid, title, tags, body) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      db.exec('DELETE FROM knowledge_article; DELETE FROM knowledge_fts; DELETE FROM knowledge_source;');
      let done = 0;
      for (const a of articles) {
        if (done % PROGRESS_EVERY === 0) onProgress?.(done, articles.length);
        done += 1;
        const { lastInsertRowid } = article.run({
          slug: a.slug,
          language: a.language,
          title: a.title,
          body: a.body,
          callReasons: JSON.stringify(a.callReasons),
          appointmentTypes: JSON.stringify(a.appointmentTypes ?? []),
          flags: JSON.stringify(a.flags ?? []),
          escalations: JSON.stringify(a.escalations ?? []),
          reviewBy: a.reviewBy,
          owner: a.owner,
        });
        // Suggestions follow the English front matter (the source), one place for what an article is for.
        if (a.language === SOURCE_LANGUAGE) {
          for (const v of a.callReasons) context.run('callReason', v, lastInsertRowid);
          for (const v of a.appointmentTypes ?? []) context.run('appointmentType', v.toLowerCase(), lastInsertRowid);
          for (const v of a.flags ?? []) context.run('flag', v, lastInsertRowid);
          for (const v of a.escalations ?? []) context.run('escalation', v, lastInsertRowid);
        }
        fts.run(lastInsertRowid, foldForIndex(a.title), foldForIndex(a.tags.join(', ')), foldForIndex(plainText(a.body)));
      }
      onProgress?.(articles.length, articles.length);
      db.prepare('INSERT INTO knowledge_source (id, content_hash, articles, built_at) VALUES (1, ?, ?, ?)').run(
        contentHash,
        articles.length,
        now.toISOString(),
      );
    })();
  });
  return { rebuilt: true, articles: articles.length, milliseconds: performance.now() - started };
}
