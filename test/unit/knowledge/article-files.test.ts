// The author's check over every article shipped in assets/knowledge (the same check `npm run knowledge:check`
// runs), and what it reports for broken files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKnowledgeDir, knowledgeDir, readArticle } from '../../../electron/knowledge/article-files';

const root = path.resolve(__dirname, '../../..');
/** The articles the shipped call guides link to (from their steps): they must exist in English. */
const LINKED_FROM_GUIDES = [
  ...new Set(
    fs
      .readdirSync(path.join(root, 'assets', 'guides'))
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(root, 'assets', 'guides', f), 'utf8')) as { steps: Array<{ article?: string }> }).steps)
      .flatMap((step) => (step.article ? [step.article] : [])),
  ),
];

describe('the knowledge base shipped in assets/', () => {
  const check = checkKnowledgeDir(knowledgeDir(path.join(root, 'assets')));

  it('every article parses and its front matter is valid', () => {
    expect(check.errors).toEqual([]);
  });

  it('ships at least 30 articles in English, and translations in other languages', () => {
    const en = check.articles.filter((a) => a.language === 'en');
    expect(en.length).toBeGreaterThanOrEqual(30);
    for (const language of ['es', 'ar'] as const) expect(check.articles.filter((a) => a.language === language).length).toBeGreaterThanOrEqual(5);
    expect(en.map((a) => a.slug)).toEqual(expect.arrayContaining(LINKED_FROM_GUIDES));
  });

  it('suggests an article for every call reason', () => {
    const reasons = new Set(check.articles.flatMap((a) => a.callReasons));
    for (const r of ['booking', 'rescheduling', 'billingQuestion', 'referralStatus', 'prescriptionRefill', 'recordsRequest', 'complaint'] as const)
      expect(reasons).toContain(r);
  });
});

describe('the author check reports broken files', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  const write = (file: string, text: string) => {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-kb-'));
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const good = (title: string, extra = '') =>
    `---\ntitle: ${title}\ntags: [one]\ncallReasons: [booking]\nreviewBy: 2027-01-31\nowner: Team${extra}\n---\n## Heading\n\nEnough words in the body for an article to be read.\n`;

  it('names the file and the field of each problem', () => {
    write('en/good-one.md', good('A good article'));
    write('en/bad-reason.md', good('Bad reason').replace('[booking]', '[shopping]'));
    write('en/bad-date.md', good('Bad date').replace('2027-01-31', '2027-02-30'));
    write('en/Bad_Slug.md', good('Bad slug'));
    write('en/no-front-matter.md', 'Just text, no front matter at all in this file.');
    write('en/broken-yaml.md', good('Broken: yaml'));
    write('en/same-title.md', good('A good article'));
    write('en/unknown-field.md', good('Unknown field', '\nauthor: someone'));
    write('es/not-in-english.md', good('Solo en español'));
    write('xx/good-one.md', good('Wrong language'));
    const check = checkKnowledgeDir(dir ?? '', new Date('2027-03-01T00:00:00Z'));
    expect(check.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^en\/bad-reason\.md: callReasons\.0: /),
        'en/bad-date.md: reviewBy: a real calendar date',
        'en/Bad_Slug.md: (file name): must be a slug (lower-case words joined by hyphens)',
        'en/no-front-matter.md: (file): must start with a front matter between --- lines',
        expect.stringMatching(/^en\/broken-yaml\.md: \(front matter\): not readable as YAML/),
        'en/same-title.md: title: the same title as en/good-one.md',
        expect.stringMatching(/^en\/unknown-field\.md: \(front matter\): .*author/),
        'es/not-in-english.md: (file name): a translation of an article that does not exist in en/',
        'xx/: (folder): not one of the languages (en, es, fr, de, zh, ar)',
      ]),
    );
    expect(check.errors).toHaveLength(9);
    expect(check.overdue).toEqual(expect.arrayContaining(['en/good-one.md: review by 2027-01-31 (owner: Team)']));
  });

  it('keeps a quoted number as text, and the body after the front matter', () => {
    const read = readArticle(good('Numbers', '\nflags: [safety]').replace('[one]', '["988", two]'), 'en', 'numbers');
    if (!('article' in read)) throw new Error(read.errors.join('\n'));
    expect(read.article).toMatchObject({ tags: ['988', 'two'], flags: ['safety'] });
    expect(read.article.body.startsWith('## Heading')).toBe(true);
  });
});
