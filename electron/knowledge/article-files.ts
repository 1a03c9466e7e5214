/**
 * Reads and checks the knowledge base's files (`assets/knowledge/<language>/<slug>.md`): a YAML front matter
 * between `---` lines (checked by FrontMatterSchema), then the Markdown. A translation's slug must exist in
 * English. Used by the desk when it builds its index and by the author's check (`npm run knowledge:check`).
 * Problems read `language/slug.md: field: reason`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { JSON_SCHEMA, load } from 'js-yaml';
import { LANGUAGE_CODES, type LanguageCode } from '../../shared/i18n/languages';
import { ArticleSlug, FrontMatterSchema, isOutOfDate, SOURCE_LANGUAGE, type Article } from '../../shared/knowledge/article';

export const knowledgeDir = (assetsDir: string) => path.join(assetsDir, 'knowledge');

export interface KnowledgeCheck {
  articles: Article[];
  /** Every problem found; the set is usable only when there are none. */
  errors: string[];
  /** Articles whose review date has passed (`language/slug.md: review by …`): reported, not an error. */
  overdue: string[];
  /** A digest of every file's name and content: the index is rebuilt when it changes. */
  contentHash: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** One file read into an article, or the reasons it cannot be. */
export function readArticle(text: string, language: LanguageCode, slug: string): { article: Article } | { errors: string[] } {
  const name = `${language}/${slug}.md`;
  const parts = FRONT_MATTER.exec(text.replace(/^\uFEFF/, ''));
  if (!parts) return { errors: [`${name}: (file): must start with a front matter between --- lines`] };
  let data: unknown;
  try {
    data = load(parts[1] ?? '', { schema: JSON_SCHEMA, filename: name });
  } catch (err) {
    return { errors: [`${name}: (front matter): not readable as YAML (${err instanceof Error ? (err.message.split('\n')[0] ?? '') : 'cannot read'})`] };
  }
  const errors: string[] = [];
  if (!ArticleSlug.safeParse(slug).success) errors.push(`${name}: (file name): must be a slug (lower-case words joined by hyphens)`);
  const parsed = FrontMatterSchema.safeParse(data);
  if (!parsed.success) for (const issue of parsed.error.issues) errors.push(`${name}: ${issue.path.join('.') || '(front matter)'}: ${issue.message}`);
  const body = (parts[2] ?? '').trim();
  if (body.length < 40) errors.push(`${name}: (body): an article needs some text`);
  if (!parsed.success || errors.length) return { errors };
  return { article: { ...parsed.data, slug, language, body } };
}

/** Every file of the knowledge base checked, with what is wrong with it. */
export function checkKnowledgeDir(dir: string, today = new Date()): KnowledgeCheck {
  const articles: Article[] = [];
  const errors: string[] = [];
  const hash = crypto.createHash('sha256');
  if (!fs.existsSync(dir)) return { articles, errors: [`(knowledge): no folder ${path.basename(dir)}`], overdue: [], contentHash: '' };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) {
      errors.push(`${entry.name}: (file): articles go in a folder named for their language`);
      continue;
    }
    const language = LANGUAGE_CODES.find((l) => l === entry.name);
    if (!language) {
      errors.push(`${entry.name}/: (folder): not one of the languages (${LANGUAGE_CODES.join(', ')})`);
      continue;
    }
    for (const file of fs.readdirSync(path.join(dir, language)).sort()) {
      if (!file.endsWith('.md')) {
        errors.push(`${language}/${file}: (file): an article is a .md file`);
        continue;
      }
      const text = fs.readFileSync(path.join(dir, language, file), 'utf8');
      hash.update(`${language}/${file}\0${text}\0`);
      const read = readArticle(text, language, file.slice(0, -3));
      if ('errors' in read) errors.push(...read.errors);
      else articles.push(read.article);
    }
  }
  const source = new Set(articles.filter((a) => a.language === SOURCE_LANGUAGE).map((a) => a.slug));
  for (const a of articles)
    if (a.language !== SOURCE_LANGUAGE && !source.has(a.slug))
      errors.push(`${a.language}/${a.slug}.md: (file name): a translation of an article that does not exist in ${SOURCE_LANGUAGE}/`);
  const titles = new Map<string, string>();
  for (const a of articles) {
    const key = `${a.language}\0${a.title.toLowerCase()}`;
    const first = titles.get(key);
    if (first) errors.push(`${a.language}/${a.slug}.md: title: the same title as ${a.language}/${first}.md`);
    else titles.set(key, a.slug);
  }
  if (source.size === 0) errors.push(`${SOURCE_LANGUAGE}/: (folder): no articles in the source language`);
  const overdue = articles.filter((a) => isOutOfDate(a.reviewBy, today)).map((a) => `${a.language}/${a.slug}.md: review by ${a.reviewBy} (owner: ${a.owner})`);
  return { articles, errors, overdue, contentHash: hash.digest('hex') };
}

/** The desk's articles: all of them, or start-up stops with every problem listed. */
export function loadKnowledge(assetsDir: string): KnowledgeCheck {
  const check = checkKnowledgeDir(knowledgeDir(assetsDir));
  if (check.errors.length) throw new Error(`The knowledge base is invalid:\n${check.errors.join('\n')}`);
  return check;
}
