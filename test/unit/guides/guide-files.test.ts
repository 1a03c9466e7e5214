// The author's check of the call guides: every guide shipped in assets passes it (every branch walked, every
// translation shaped like English, all seven reasons in all six languages); broken guides are caught with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CALL_REASONS } from '../../../shared/domain/call-reasons';
import { LANGUAGE_CODES } from '../../../shared/i18n/languages';
import { GuideSchema, parseGuide, type Guide } from '../../../shared/guides/schema';
import { compareToEnglish, walkGuide } from '../../../shared/guides/walk';
import { articleSlugs, checkGuideDir, guidesDir } from '../../../electron/guides/guide-files';
import { GuideService } from '../../../electron/guides/guide-service';

const assets = path.resolve(__dirname, '../../../assets');
/** The shipped knowledge base's English articles: what a guide may link to. */
const slugs = articleSlugs(assets);

/** A small valid guide: start → ask → (yes: book → done | no: done). */
const input = () => ({
  id: 'booking',
  language: 'en',
  title: 'Booking',
  steps: [
    { id: 'start', text: 'Greet.', next: 'ask' },
    {
      id: 'ask',
      text: 'Book?',
      article: 'booking-new-appointment',
      branches: [
        { label: 'Yes', next: 'book' },
        { label: 'No', next: 'done' },
      ],
    },
    { id: 'book', text: 'Book it.', action: { kind: 'book' }, checklist: [{ id: 'readBack', text: 'Read back' }], next: 'done' },
    { id: 'done', text: 'Done.', end: true },
  ],
});
const guide = (patch: (g: ReturnType<typeof input>) => void = () => undefined): Guide => {
  const g = input();
  patch(g);
  return GuideSchema.parse(g);
};

describe('the guides in assets', () => {
  const checks = checkGuideDir(guidesDir(assets), assets);

  it('every one passes the author’s check, every branch walked', () => {
    expect(checks.flatMap((c) => c.errors)).toEqual([]);
    for (const c of checks) expect(c.paths, c.file).toBeGreaterThan(1);
  });

  it('ship all seven call reasons in all six languages, each with a booking, verify, escalate or callback step where it belongs', () => {
    expect(checks.map((c) => c.file).sort()).toEqual(CALL_REASONS.flatMap((r) => LANGUAGE_CODES.map((l) => `${r}.${l}.json`)).sort());
    const booking = checks.find((c) => c.file === 'booking.en.json')?.guide;
    expect(booking?.steps.map((s) => s.action?.kind).filter(Boolean)).toEqual(['verify', 'escalate', 'book', 'callback']);
  });

  it('are translated: no step of another language reads as the English one', () => {
    const english = new Map(checks.filter((c) => c.guide?.language === 'en').map((c) => [c.guide!.id, c.guide!]));
    for (const c of checks.filter((x) => x.guide && x.guide.language !== 'en')) {
      const en = english.get(c.guide!.id)!;
      c.guide!.steps.forEach((s, i) => {
        expect(s.text, `${c.file} ${s.id}`).not.toBe(en.steps[i]!.text);
      });
    }
  });
});

describe('a broken guide', () => {
  it('a next that names no step', () => {
    const r = parseGuide({ ...input(), steps: input().steps.map((s) => (s.id === 'start' ? { ...s, next: 'nowhere' } : s)) });
    expect(!r.ok && r.errors).toContain('steps.0.next: no step named nowhere');
  });

  it('a step with both a next and branches, or neither', () => {
    const both = parseGuide({ ...input(), steps: input().steps.map((s) => (s.id === 'start' ? { ...s, end: true } : s)) });
    expect(!both.ok && both.errors).toContain('steps.0: a step has exactly one of next, branches or end');
  });

  it('a step nothing leads to', () => {
    const g = guide((x) => x.steps.push({ id: 'orphan', text: 'Lost.', next: 'done' }));
    expect(walkGuide(g, slugs).errors).toEqual(['steps.orphan: cannot be reached from the start (start)']);
  });

  it('a loop without an exit', () => {
    const g = guide((x) => {
      x.steps[2] = { id: 'book', text: 'Book it.', action: { kind: 'book' }, checklist: [], next: 'again' };
      x.steps.push({ id: 'again', text: 'Again.', next: 'book' });
    });
    expect(walkGuide(g, slugs).errors).toEqual(['steps.book: no path from here reaches an end step', 'steps.again: no path from here reaches an end step']);
  });

  it('a loop with an exit is fine (Back to an earlier question)', () => {
    const g = guide((x) => {
      x.steps[2] = {
        id: 'book',
        text: 'Book it.',
        action: { kind: 'book' },
        checklist: [],
        branches: [
          { label: 'Ask again', next: 'ask' },
          { label: 'Booked', next: 'done' },
        ],
      } as never;
    });
    expect(walkGuide(g, slugs)).toEqual({ errors: [], paths: 2 }); // simple paths: the loop back is not walked twice
  });

  it('an article the knowledge base does not have', () => {
    const g = guide((x) => {
      x.steps[1]!.article = 'no-such-article';
    });
    expect(walkGuide(g, slugs).errors).toEqual(['steps.ask.article: no knowledge-base article named no-such-article']);
  });

  it('a translation that differs from English in more than its texts', () => {
    const en = guide();
    const fr = guide((x) => {
      x.language = 'fr';
      x.steps[1]!.branches![1]!.next = 'book';
      x.steps[2]!.checklist = [{ id: 'other', text: 'Relu' }];
    });
    expect(compareToEnglish(fr, en)).toEqual([
      'steps.ask: differs from the English step in more than its texts',
      'steps.book: differs from the English step in more than its texts',
    ]);
    const renamed = guide((x) => {
      x.steps[3]!.id = 'fin';
      x.steps[1]!.branches![1]!.next = 'fin';
      x.steps[2]!.next = 'fin';
      x.steps[0]!.text = 'Saluez.';
    });
    expect(compareToEnglish(renamed, en)).toEqual(['steps: the step ids differ from the English guide’s (start,ask,book,done)']);
    expect(
      compareToEnglish(
        guide((x) => (x.steps[0]!.text = 'Saluez.')),
        en,
      ),
    ).toEqual([]);
  });
});

describe('a guide folder', () => {
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const assetsWith = (files: Record<string, unknown>, escalation: string[]) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-guides-'));
    fs.mkdirSync(path.join(dir, 'guides'));
    fs.mkdirSync(path.join(dir, 'escalation'));
    fs.writeFileSync(path.join(dir, 'escalation', 'targets.json'), JSON.stringify({ targets: escalation.map((id) => ({ id, kind: 'warm', target: id })) }));
    // The article the small guide links to, in the knowledge base beside it.
    fs.mkdirSync(path.join(dir, 'knowledge', 'en'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'knowledge', 'en', 'booking-new-appointment.md'), '# Booking a new appointment\n');
    for (const [name, json] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'guides', name), JSON.stringify(json));
    return dir;
  };

  it('reports an escalation target the site has not, a misnamed file, a translation without English and every missing guide', () => {
    const g = input();
    g.steps[2] = { ...g.steps[2]!, action: { kind: 'escalate', target: 'privacyOfficer' } } as never;
    const d = assetsWith(
      { 'booking.en.json': g, 'booking.de.json': { ...input(), language: 'fr' }, 'complaint.fr.json': { ...input(), id: 'complaint', language: 'fr' } },
      ['supervisor'],
    );
    const errors = checkGuideDir(path.join(d, 'guides'), d).flatMap((c) => c.errors);
    expect(errors).toContain('booking.en.json: steps.book.action.target: no escalation target privacyOfficer in the escalation file');
    expect(errors).toContain('booking.de.json: id, language: must match the file name (booking.fr.json expected)');
    expect(errors).toContain('complaint.fr.json: (file): there is no English guide (complaint.en.json) to translate');
    expect(errors).toContain('rescheduling.ar.json: (file): missing (every call reason has a guide in every language)');
  });

  it('takes the article slugs from the knowledge base: its English files, none without them', () => {
    const d = assetsWith({}, []);
    expect(articleSlugs(d)).toEqual(new Set(['booking-new-appointment']));
    fs.writeFileSync(path.join(d, 'knowledge', 'en', 'only-this-one.md'), '# Only this one\n');
    expect(articleSlugs(d)).toEqual(new Set(['booking-new-appointment', 'only-this-one']));
    fs.rmSync(path.join(d, 'knowledge'), { recursive: true });
    expect(articleSlugs(d)).toEqual(new Set());
  });
});

describe('GuideService', () => {
  const en = guide();
  const service = new GuideService([en, guide((x) => (x.language = 'es'))]);

  it('serves a language’s own guide, or English said to be a fallback', () => {
    expect(service.get('booking', 'es')).toMatchObject({ fallback: false, guide: { language: 'es' } });
    expect(service.get('booking', 'zh')).toMatchObject({ fallback: true, guide: { language: 'en' } });
    expect(() => service.get('complaint', 'en')).toThrow(expect.objectContaining({ code: 'notFound' }));
  });

  it('checks a progress against the guide it names', () => {
    expect(() => {
      service.checkProgress({ guide: 'booking', language: 'zh', path: ['start', 'ask', 'book', 'done'], checked: ['book.readBack'], finished: true });
    }).not.toThrow();
    expect(() => {
      service.checkProgress({ guide: 'booking', language: 'en', path: ['start', 'book'], checked: [], finished: false });
    }).toThrow(expect.objectContaining({ code: 'invalidArgument' }));
  });
});
