/**
 * Reads and checks the call guides (`assets/guides/<reason>.<language>.json`): JSON, the schema, the file name
 * matching the guide's reason and language, the walk of every branch, article slugs of the knowledge base,
 * escalation targets of `assets/escalation/targets.json`, each translation shaped like the English guide, and a
 * guide for every call reason in every language. Used by the app at start-up and by the author's check
 * (`npm run guides:check`). Problems read `file: path.to.field: reason`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CALL_REASONS } from '../../shared/domain/call-reasons';
import { LANGUAGE_CODES } from '../../shared/i18n/languages';
import { parseGuide, type Guide } from '../../shared/guides/schema';
import { compareToEnglish, walkGuide } from '../../shared/guides/walk';

export interface GuideCheck {
  file: string;
  guide: Guide | null;
  errors: string[];
  /** Distinct start-to-end paths walked (0 when the file is broken). */
  paths: number;
}

export const guidesDir = (assetsDir: string) => path.join(assetsDir, 'guides');

/** The article slugs a guide may name: the file names of the knowledge base's English articles (none without them). */
export function articleSlugs(assetsDir: string): Set<string> {
  const dir = path.join(assetsDir, 'knowledge', 'en');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
  return new Set(files.map((f) => f.replace(/\.md$/, '')));
}

/** The escalation targets the site has (their ids), from its escalation file; none when it cannot be read. */
function escalationTargets(assetsDir: string): Set<string> {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(assetsDir, 'escalation', 'targets.json'), 'utf8')) as { targets?: { id?: unknown }[] };
    return new Set((json.targets ?? []).map((t) => String(t.id)));
  } catch {
    return new Set();
  }
}

const FILE_NAME = /^([A-Za-z]+)\.([a-z]{2})\.json$/;

function checkGuideFile(file: string, articles: ReadonlySet<string>, targets: ReadonlySet<string>): GuideCheck {
  const name = path.basename(file);
  const fail = (errors: string[]): GuideCheck => ({ file: name, guide: null, errors: errors.map((e) => `${name}: ${e}`), paths: 0 });
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return fail([`(file): not readable as JSON (${err instanceof SyntaxError ? err.message : 'cannot read'})`]);
  }
  const parsed = parseGuide(json);
  if (!parsed.ok) return fail(parsed.errors);
  const g = parsed.guide;
  const errors: string[] = [];
  if (`${g.id}.${g.language}.json` !== name) errors.push(`id, language: must match the file name (${g.id}.${g.language}.json expected)`);
  for (const s of g.steps) {
    if (s.action?.kind === 'escalate' && !targets.has(s.action.target))
      errors.push(`steps.${s.id}.action.target: no escalation target ${s.action.target} in the escalation file`);
  }
  const walk = walkGuide(g, articles);
  errors.push(...walk.errors);
  return { file: name, guide: errors.length ? null : g, errors: errors.map((e) => `${name}: ${e}`), paths: walk.paths };
}

/** Every guide file of `dir` checked, then the set as a whole: translations against English, none missing. */
export function checkGuideDir(dir: string, assetsDir: string): GuideCheck[] {
  if (!fs.existsSync(dir)) return [];
  const articles = articleSlugs(assetsDir);
  const targets = escalationTargets(assetsDir);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const checks = files.map((f) =>
    FILE_NAME.test(f)
      ? checkGuideFile(path.join(dir, f), articles, targets)
      : { file: f, guide: null, errors: [`${f}: (file): the name must be <reason>.<language>.json`], paths: 0 },
  );
  const english = new Map(checks.flatMap((c) => (c.guide?.language === 'en' ? [[c.guide.id, c.guide] as const] : [])));
  for (const c of checks) {
    if (!c.guide || c.guide.language === 'en') continue;
    const en = english.get(c.guide.id);
    const errors = en ? compareToEnglish(c.guide, en) : [`(file): there is no English guide (${c.guide.id}.en.json) to translate`];
    if (errors.length) {
      c.errors.push(...errors.map((e) => `${c.file}: ${e}`));
      c.guide = null;
    }
  }
  for (const reason of CALL_REASONS) {
    for (const language of LANGUAGE_CODES) {
      const name = `${reason}.${language}.json`;
      if (!files.includes(name))
        checks.push({ file: name, guide: null, errors: [`${name}: (file): missing (every call reason has a guide in every language)`], paths: 0 });
    }
  }
  return checks;
}

/** The app's guides: all of them, or start-up stops with every problem listed. */
export function loadGuides(assetsDir: string): Guide[] {
  const checks = checkGuideDir(guidesDir(assetsDir), assetsDir);
  const errors = checks.flatMap((c) => c.errors);
  if (errors.length) throw new Error(`Call guides are invalid:\n${errors.join('\n')}`);
  if (checks.length === 0) throw new Error(`No call guides in ${guidesDir(assetsDir)}`);
  return checks.flatMap((c) => (c.guide ? [c.guide] : []));
}
