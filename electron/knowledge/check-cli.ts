/**
 * The author's check: `npm run knowledge:check [dir]` reads every article of the knowledge base (front matter,
 * slug, translations of English articles, titles) and prints `language/slug.md: field: reason` for each problem,
 * and the articles whose review date has passed. Exit 1 when any file is broken.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkKnowledgeDir, knowledgeDir } from './article-files';
import { LANGUAGE_CODES } from '../../shared/i18n/languages';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = process.argv[2] ? path.resolve(process.argv[2]) : knowledgeDir(path.join(root, 'assets'));
const check = checkKnowledgeDir(dir);
for (const e of check.errors) console.error(e);
for (const o of check.overdue) console.warn(`${o} (past its review date)`);
const perLanguage = LANGUAGE_CODES.map((l) => `${l} ${check.articles.filter((a) => a.language === l).length}`).join(', ');
console.log(`${check.articles.length} articles (${perLanguage}), ${check.errors.length} problems, ${check.overdue.length} past their review date`);
process.exit(check.errors.length ? 1 : 0);
