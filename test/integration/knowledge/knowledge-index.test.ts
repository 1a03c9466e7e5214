// The knowledge base's index in a real encrypted store: ranking (title before tags before text), prefixes as the
// agent types, accents and case, Arabic with and without tashkeel and hamza, Chinese without spaces, the
// language fallback, suggestions from the call's context, and a rebuild only when the files change.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFileProvider, openStore, type Store } from '../../../electron/cache';
import { buildKnowledgeIndex } from '../../../electron/knowledge/knowledge-index';
import { openKnowledgeArticle, searchKnowledge, suggestKnowledge } from '../../../electron/knowledge/knowledge-queries';
import type { Article } from '../../../shared/knowledge/article';
import { MATCH_END, MATCH_START } from '../../../shared/knowledge/article';
import { codedErrorOf, useStorePaths } from '../cache/helpers';

const paths = useStorePaths();
let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const TODAY = new Date('2026-12-07T12:00:00Z');
const article = (a: Partial<Article> & Pick<Article, 'slug' | 'title'>): Article => ({
  language: 'en',
  tags: ['general'],
  callReasons: [],
  body: 'Some words that are not about anything in particular, for the agent to read.',
  reviewBy: '2027-06-30',
  owner: 'Test team',
  ...a,
});

const ARTICLES: Article[] = [
  article({
    slug: 'colonoscopy-preparation',
    title: 'Colonoscopy preparation',
    tags: ['bowel prep'],
    callReasons: ['booking'],
    appointmentTypes: ['Colonoscopy'],
  }),
  article({
    slug: 'referral-status',
    title: 'Referral status',
    tags: ['specialist'],
    callReasons: ['referralStatus'],
    body: 'A colonoscopy referral waits for the specialty to review it, then the patient is called.',
  }),
  article({
    slug: 'prep-tags',
    title: 'Procedures in general',
    tags: ['colonoscopy'],
    callReasons: ['booking'],
    body: 'What to expect on the day of a procedure at the centre.',
  }),
  article({
    slug: 'cafe',
    title: 'Café and kiosk opening hours',
    tags: ['food'],
    callReasons: [],
    reviewBy: '2026-01-31',
    body: 'The café by the main entrance serves crème brûlée.',
  }),
  article({
    slug: 'crisis',
    title: 'A caller in crisis',
    tags: ['distress'],
    callReasons: ['complaint'],
    flags: ['behavioral'],
    escalations: ['crisisCounsellor'],
  }),
  article({
    slug: 'colonoscopy-preparation',
    language: 'ar',
    title: 'التحضير لتنظير القولون',
    tags: ['تنظير'],
    callReasons: ['booking'],
    body: 'يجب أن يوصل المريضَ إلى منزله شخصٌ بالغ مسؤول بعد التخدير.',
  }),
  article({
    slug: 'colonoscopy-preparation',
    language: 'zh',
    title: '结肠镜检查准备',
    tags: ['肠道准备'],
    callReasons: ['booking'],
    body: '必须由一名负责任的成年人送患者回家。镇静后不能开车。',
  }),
];

function indexed(articles = ARTICLES): Store {
  store = openStore({ path: paths.dbPath, keyProvider: keyFileProvider(paths.keyPath) });
  buildKnowledgeIndex(store, articles, 'hash-1', TODAY);
  return store;
}

const slugs = (hits: { slug: string }[]) => hits.map((h) => h.slug);

describe('knowledge index in the encrypted store', () => {
  it('ranks a title match before a tag match before a text match', () => {
    const s = indexed();
    expect(slugs(searchKnowledge(s, 'colonoscopy', 'en', TODAY))).toEqual(['colonoscopy-preparation', 'prep-tags', 'referral-status']);
  });

  it('matches the last word as a prefix while it is being typed, and as a word once a space follows', () => {
    const s = indexed();
    expect(slugs(searchKnowledge(s, 'colono', 'en', TODAY))).toContain('colonoscopy-preparation');
    expect(searchKnowledge(s, 'colono ', 'en', TODAY)).toEqual([]);
    expect(slugs(searchKnowledge(s, 'referral sta', 'en', TODAY))).toEqual(['referral-status']);
  });

  it('ignores case and accents, and marks the matched words in the snippet (not HTML)', () => {
    const s = indexed();
    const [hit] = searchKnowledge(s, 'CREME brulee', 'en', TODAY);
    expect(hit?.slug).toBe('cafe');
    expect(hit?.snippet).toContain(`${MATCH_START}crème${MATCH_END}`);
    expect(hit?.snippet).not.toMatch(/<|>/);
    expect(hit?.outOfDate).toBe(true);
  });

  it('finds Arabic with or without tashkeel and whatever the alef/hamza is written as', () => {
    const s = indexed();
    for (const typed of ['التحضير', 'التَّحْضِير', 'تنظير', 'بالغ', 'منزله', 'مسؤول', 'مسوول'])
      expect(slugs(searchKnowledge(s, typed, 'ar', TODAY)), typed).toEqual(['colonoscopy-preparation']);
    const [hit] = searchKnowledge(s, 'بالغ', 'ar', TODAY);
    expect(hit?.language).toBe('ar');
    expect(hit?.title).toBe('التحضير لتنظير القولون');
    // Written with a hamza on the alef in the query, without it in the text, and the other way round.
    expect(slugs(searchKnowledge(s, 'إلى', 'ar', TODAY))).toEqual(['colonoscopy-preparation']);
  });

  it('finds Chinese words in text written without spaces', () => {
    const s = indexed();
    for (const typed of ['结肠镜', '准备', '开车', '患者回家'])
      expect(slugs(searchKnowledge(s, typed, 'zh', TODAY)), typed).toEqual(['colonoscopy-preparation']);
    expect(searchKnowledge(s, '开车', 'zh', TODAY)[0]?.snippet).toContain(`${MATCH_START}开车${MATCH_END}`);
  });

  it('answers in the language asked for, in English where an article is not written in it (or matched only there)', () => {
    const s = indexed();
    expect(searchKnowledge(s, 'تنظير', 'ar', TODAY).map((h) => [h.slug, h.language])).toEqual([['colonoscopy-preparation', 'ar']]);
    expect(searchKnowledge(s, 'colonoscopy', 'ar', TODAY).map((h) => [h.slug, h.language])).toEqual([
      ['colonoscopy-preparation', 'en'],
      ['prep-tags', 'en'],
      ['referral-status', 'en'],
    ]);
    // Matched in English, it opens in the agent's language where it is written.
    expect(openKnowledgeArticle(s, 'colonoscopy-preparation', 'ar', TODAY)).toMatchObject({ language: 'ar', fallback: false });
    const opened = openKnowledgeArticle(s, 'referral-status', 'es', TODAY);
    expect(opened).toMatchObject({ language: 'en', fallback: true, outOfDate: false, reviewBy: '2027-06-30', owner: 'Test team' });
    expect(openKnowledgeArticle(s, 'colonoscopy-preparation', 'zh', TODAY)).toMatchObject({ language: 'zh', fallback: false, title: '结肠镜检查准备' });
    expect(openKnowledgeArticle(s, 'cafe', 'en', TODAY).outOfDate).toBe(true);
  });

  it('reads what the agent types as words, never as query syntax', () => {
    const s = indexed();
    for (const typed of ['"', 'colonoscopy OR', 'NEAR(', '*', 'title:colonoscopy', '-', ')('])
      expect(() => searchKnowledge(s, typed, 'en', TODAY), typed).not.toThrow();
    expect(searchKnowledge(s, '   ', 'en', TODAY)).toEqual([]);
  });

  it("suggests from the call's context (the English front matter): the escalation first, then the appointment type, the call reason, the flags", () => {
    const s = indexed();
    expect(suggestKnowledge(s, { language: 'en', callReason: 'booking' }, TODAY).map((x) => x.slug)).toEqual(['colonoscopy-preparation', 'prep-tags']);
    const both = suggestKnowledge(s, { language: 'zh', callReason: 'referralStatus', appointmentType: 'colonoscopy', escalation: 'crisisCounsellor' }, TODAY);
    expect(both.map((x) => [x.slug, x.language, x.reasons])).toEqual([
      ['crisis', 'en', ['escalation']],
      ['colonoscopy-preparation', 'zh', ['appointmentType']],
      ['referral-status', 'en', ['callReason']],
    ]);
    expect(suggestKnowledge(s, { language: 'en', flags: ['behavioral', 'safety'] }, TODAY).map((x) => x.slug)).toEqual(['crisis']);
    expect(suggestKnowledge(s, { language: 'en' }, TODAY)).toEqual([]);
  });

  it('an unknown article is notFound', async () => {
    const s = indexed();
    expect(await codedErrorOf(() => openKnowledgeArticle(s, 'no-such-article', 'en', TODAY))).toBe('notFound');
  });

  it('rebuilds only when the files changed, all at once', () => {
    const s = indexed();
    expect(buildKnowledgeIndex(s, ARTICLES, 'hash-1', TODAY).rebuilt).toBe(false);
    const changed = buildKnowledgeIndex(s, [article({ slug: 'only-one', title: 'Only one article left' })], 'hash-2', TODAY);
    expect(changed).toMatchObject({ rebuilt: true, articles: 1 });
    expect(searchKnowledge(s, 'colonoscopy', 'en', TODAY)).toEqual([]);
    expect(slugs(searchKnowledge(s, 'only', 'en', TODAY))).toEqual(['only-one']);
    const db = s.connection();
    expect(db.prepare('SELECT content_hash, articles FROM knowledge_source').get()).toEqual({ content_hash: 'hash-2', articles: 1 });
  });

  it('keeps the index encrypted with the rest of the store', () => {
    const s = indexed();
    s.close();
    store = null;
    expect(fs.readFileSync(paths.dbPath).includes(Buffer.from('Colonoscopy preparation'))).toBe(false);
  });
});
