import type { Migration } from './migration';

/**
 * The knowledge base's index: each article in each language it is written in (its front matter and Markdown),
 * an FTS5 index over its title, tags and words (its rowid is the article's id) (folded for Arabic and Chinese before they come in; case and
 * Latin accents folded by the tokenizer; prefixes of 2 and 3 letters indexed for search as you type), ranked
 * title first, then tags, then the text; what each English article is suggested for (a call reason, an
 * appointment type in lower case, a flag category, an escalation), looked up by value; and the digest of the
 * files it was built from (rebuilt when it changes).
 */
export const migration0010: Migration = {
  version: 10,
  name: 'knowledge-base',
  up(db) {
    db.exec(`
      CREATE TABLE knowledge_article (
        id                INTEGER PRIMARY KEY,
        slug              TEXT NOT NULL,
        language          TEXT NOT NULL,
        title             TEXT NOT NULL,
        body              TEXT NOT NULL,
        call_reasons      TEXT NOT NULL,
        appointment_types TEXT NOT NULL,
        flags             TEXT NOT NULL,
        escalations       TEXT NOT NULL,
        review_by         TEXT NOT NULL,
        owner             TEXT NOT NULL,
        UNIQUE (slug, language)
      );

      CREATE TABLE knowledge_context (
        kind       TEXT NOT NULL CHECK (kind IN ('callReason', 'appointmentType', 'flag', 'escalation')),
        value      TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES knowledge_article (id) ON DELETE CASCADE,
        PRIMARY KEY (kind, value, article_id)
      ) WITHOUT ROWID;

      CREATE VIRTUAL TABLE knowledge_fts USING fts5(
        title, tags, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );
      INSERT INTO knowledge_fts (knowledge_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');

      CREATE TABLE knowledge_source (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        content_hash TEXT NOT NULL,
        articles     INTEGER NOT NULL,
        built_at     TEXT NOT NULL
      );
    `);
  },
};
