/**
 * What the desk asks the knowledge base's index: a search as the agent types (ranked by bm25, title before tags
 * before text, a snippet with the matched words marked), the articles the call's context suggests, and one article
 * to read. Each in the language asked for, English where an article is not written in it (and said so).
 */
import type { Store } from '../cache';
import { guardStore } from '../cache/store-errors';
import { CodedError } from '../../shared/errors';
import type { LanguageCode } from '../../shared/i18n/languages';
import {
  isOutOfDate,
  SOURCE_LANGUAGE,
  type KnowledgeArticleView,
  type KnowledgeHit,
  type KnowledgeSuggestion,
  type SuggestionReason,
} from '../../shared/knowledge/article';
import { foldForIndex, matchQuery, queryTerms } from '../../shared/knowledge/search-text';
import { plainText } from '../../shared/knowledge/markdown';
import { snippetOf } from '../../shared/knowledge/snippet';
import type { z } from 'zod';
import type { KnowledgeSuggestArgs } from '../../shared/knowledge/article';

/** Results shown for a search. */
export const SEARCH_LIMIT = 10;
/** Articles suggested at most. */
export const SUGGEST_LIMIT = 6;
/** Words of text around the match in a snippet. */
const SNIPPET_TOKENS = 14;

/** Of the rows for one slug, the one in `language` when there is one, else the first (ranked best). */
function oneLanguagePerSlug<T extends { slug: string; language: string }>(rows: readonly T[], language: LanguageCode): T[] {
  const bySlug = new Map<string, T>();
  for (const row of rows) {
    const kept = bySlug.get(row.slug);
    if (!kept || (kept.language !== language && row.language === language)) bySlug.set(row.slug, row);
  }
  // Map keeps the order of first insertion: the rank of the slug's best row.
  return [...bySlug.values()];
}

/** Rows ranked before the language filter: the best this many in any language, then those in the one asked for or English. */
const RANKED_ROWS = 200;

interface RankedRow {
  id: number;
  slug: string;
  language: LanguageCode;
  title: string;
  review_by: string;
}

/**
 * Ranked in tiers so the cost stays bounded on a large knowledge base: the articles whose title or tags match
 * first, then (only when those are fewer than a page) the ones that match in their text; bm25 within each tier.
 * Each tier asks the index for the best row ids only (FTS5 sorts by rank itself and reads no text for the rows
 * it drops), then reads the articles of the best ones; the snippet is made for each result shown from its text.
 */
export function searchKnowledge(store: Store, typed: string, language: LanguageCode, today = new Date()): KnowledgeHit[] {
  const terms = queryTerms(typed);
  const match = matchQuery(typed);
  if (!match) return [];
  const db = store.connection();
  return guardStore(() => {
    const best = db.prepare<[string, number, string, string], RankedRow>(
      `WITH best AS (SELECT rowid AS id, rank AS score FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ?)
       SELECT a.id, a.slug, a.language, a.title, a.review_by FROM best JOIN knowledge_article a ON a.id = best.id
        WHERE a.language IN (?, ?) ORDER BY best.score`,
    );
    const ranked = (expression: string) => oneLanguagePerSlug(best.all(expression, RANKED_ROWS, language, SOURCE_LANGUAGE), language);
    let hits = ranked(`{title tags} : (${match})`);
    if (hits.length < SEARCH_LIMIT) {
      const seen = new Set(hits.map((h) => h.slug));
      hits = [...hits, ...ranked(match).filter((h) => !seen.has(h.slug))];
    }
    const body = db.prepare<[number], { body: string }>('SELECT body FROM knowledge_article WHERE id = ?');
    return hits.slice(0, SEARCH_LIMIT).map((r) => ({
      slug: r.slug,
      title: r.title,
      language: r.language,
      snippet: snippetOf(foldForIndex(plainText(body.get(r.id)?.body ?? '')), terms, SNIPPET_TOKENS),
      outOfDate: isOutOfDate(r.review_by, today),
    }));
  });
}

interface SuggestRow {
  slug: string;
  language: LanguageCode;
  title: string;
  review_by: string;
  escalation: 0 | 1;
  appointment: 0 | 1;
  reason: 0 | 1;
  flag: 0 | 1;
}

/** The order suggestions come in: what is happening now first. */
const REASON_ORDER: readonly SuggestionReason[] = ['escalation', 'appointmentType', 'callReason', 'flag'];

/**
 * Matched on the English front matter (the source: a translation's context fields are not read), shown in the
 * language asked for where the article is written in it.
 */
export function suggestKnowledge(store: Store, context: z.output<typeof KnowledgeSuggestArgs>, today = new Date()): KnowledgeSuggestion[] {
  const db = store.connection();
  const rows = guardStore(() =>
    db
      .prepare<Record<string, string | number | null>, SuggestRow>(
        `SELECT m.slug, coalesce(t.language, m.language) AS language, coalesce(t.title, m.title) AS title,
                coalesce(t.review_by, m.review_by) AS review_by, c.escalation, c.appointment, c.reason, c.flag
           FROM (SELECT article_id, max(kind = 'escalation') AS escalation, max(kind = 'appointmentType') AS appointment,
                        max(kind = 'callReason') AS reason, max(kind = 'flag') AS flag
                   FROM knowledge_context
                  WHERE (kind = 'escalation' AND value = @escalation)
                     OR (kind = 'appointmentType' AND value = lower(@appointmentType))
                     OR (kind = 'callReason' AND value = @callReason)
                     OR (kind = 'flag' AND value IN (SELECT value FROM json_each(@flags)))
                  GROUP BY article_id) c
           JOIN knowledge_article m ON m.id = c.article_id
           LEFT JOIN knowledge_article t ON t.slug = m.slug AND t.language = @language AND t.language <> @source
          ORDER BY c.escalation DESC, c.appointment DESC, c.reason DESC, c.flag DESC, m.title
          LIMIT @limit`,
      )
      .all({
        language: context.language,
        source: SOURCE_LANGUAGE,
        escalation: context.escalation ?? null,
        appointmentType: context.appointmentType ?? null,
        callReason: context.callReason ?? null,
        flags: JSON.stringify(context.flags ?? []),
        limit: SUGGEST_LIMIT,
      }),
  );
  return rows.map((r) => {
    const on: Record<SuggestionReason, boolean> = { escalation: !!r.escalation, appointmentType: !!r.appointment, callReason: !!r.reason, flag: !!r.flag };
    return { slug: r.slug, title: r.title, language: r.language, reasons: REASON_ORDER.filter((k) => on[k]), outOfDate: isOutOfDate(r.review_by, today) };
  });
}

interface ArticleRow {
  slug: string;
  language: LanguageCode;
  title: string;
  body: string;
  review_by: string;
  owner: string;
}

export function openKnowledgeArticle(store: Store, slug: string, language: LanguageCode, today = new Date()): KnowledgeArticleView {
  const db = store.connection();
  const row = guardStore(() =>
    db
      .prepare<[string, string, string, string], ArticleRow>(
        `SELECT slug, language, title, body, review_by, owner FROM knowledge_article
          WHERE slug = ? AND language IN (?, ?) ORDER BY language = ? DESC LIMIT 1`,
      )
      .get(slug, language, SOURCE_LANGUAGE, language),
  );
  if (!row) throw new CodedError('notFound', 'no such article in the knowledge base');
  return {
    slug: row.slug,
    title: row.title,
    body: row.body,
    language: row.language,
    fallback: row.language !== language,
    outOfDate: isOutOfDate(row.review_by, today),
    reviewBy: row.review_by,
    owner: row.owner,
  };
}
