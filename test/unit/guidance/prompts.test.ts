// Empathy prompt packs as shipped, and the choice of prompts for the moment.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MOMENTS, PromptPackSchema, momentsFor, selectPrompts, type PromptPack } from '../../../shared/guidance/prompts';
import { LANGUAGE_CODES } from '../../../shared/i18n/languages';

const pack = (lang: string): PromptPack => PromptPackSchema.parse(JSON.parse(fs.readFileSync(`assets/prompts/prompts.${lang}.json`, 'utf8')));

describe('empathy prompts', () => {
  it('every language ships a prompt for every moment, with the same ids as English', () => {
    const ids = pack('en')
      .prompts.map((p) => p.id)
      .sort();
    for (const lang of LANGUAGE_CODES) {
      const p = pack(lang);
      expect(p.prompts.map((x) => x.id).sort(), lang).toEqual(ids);
      for (const m of MOMENTS)
        expect(
          p.prompts.some((x) => x.moment === m),
          `${lang} ${m}`,
        ).toBe(true);
    }
  });

  it('chooses by what the agent picked, the hold time and the flags', () => {
    const en = pack('en');
    expect(momentsFor({ chosen: null, flags: [], holdSeconds: 10 }, en)).toEqual([]);
    expect(momentsFor({ chosen: 'badNews', flags: [], holdSeconds: 75 }, en)).toEqual(['badNews', 'longHold']);
    expect(
      momentsFor(
        {
          chosen: null,
          flags: [
            { category: 'Clinical', text: 'Recently bereaved (spouse)' },
            { category: 'Administrative', text: 'Billing dispute open' },
          ],
          holdSeconds: 0,
        },
        en,
      ),
    ).toEqual(['bereavement', 'billingDispute']);
    expect(selectPrompts({ chosen: 'deniedRequest', flags: [], holdSeconds: 0 }, en)[0]!.text).toMatch(/what I can do/);
  });

  it('a pack missing a moment is refused', () => {
    const en = pack('en');
    expect(PromptPackSchema.safeParse({ ...en, prompts: en.prompts.filter((p) => p.moment !== 'distress') }).success).toBe(false);
  });
});
