// The coach on the shipped phrase packs, in all six languages.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coach, TriggerPackSchema, type TriggerPack } from '../../../shared/guidance/coach';
import { LANGUAGE_CODES } from '../../../shared/i18n/languages';

const pack = (lang: string): TriggerPack => TriggerPackSchema.parse(JSON.parse(fs.readFileSync(`assets/prompts/triggers.${lang}.json`, 'utf8')));

describe('trigger-phrase coach', () => {
  it('every shipped pack is valid and covers the same triggers as English', () => {
    const ids = pack('en')
      .triggers.map((t) => t.id)
      .sort();
    for (const lang of LANGUAGE_CODES)
      expect(
        pack(lang)
          .triggers.map((t) => t.id)
          .sort(),
        lang,
      ).toEqual(ids);
  });

  it('catches variants (case, curly apostrophes) with spans, and offers what to say instead', () => {
    const text = 'I told her It’s Not Our Policy, and there is nothing I can do.';
    const found = coach(text, pack('en'));
    expect(found.map((f) => f.id)).toEqual(['notOurPolicy', 'nothingICanDo', 'nothingICanDo']);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('It’s Not Our Policy');
    expect(found[0]!.instead[0]).toMatch(/can do/);
  });

  it('flags crisis words for the counsellor, in other languages too', () => {
    expect(coach('Caller said she has no reason to live', pack('en')).some((f) => f.kind === 'crisis')).toBe(true);
    expect(coach('dijo que no quiere vivir', pack('es'))).toEqual([]); // "no quiero vivir" is the phrase, not a paraphrase
    expect(coach('dice: no quiero vivir', pack('es')).some((f) => f.kind === 'crisis')).toBe(true);
    expect(coach('他说他不想活了', pack('zh')).some((f) => f.kind === 'crisis')).toBe(true);
    expect(coach('قال إنه لا يريد شيئًا، هذه ليست سياستنا', pack('ar')).map((f) => f.id)).toEqual(['notOurPolicy']);
  });

  it('a broken pack is refused with the path', () => {
    const r = TriggerPackSchema.safeParse({ language: 'en', triggers: [{ id: 'x', phrases: [], instead: [] }], crisis: [] });
    expect(r.success).toBe(false);
  });

  it('says nothing about ordinary notes', () => {
    expect(coach('Rescheduled to Tuesday 10:00 with Dr. Chen; caller thanked us.', pack('en'))).toEqual([]);
  });
});
