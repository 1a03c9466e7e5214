// Every user-visible string exists in all six languages, with every plural form the language needs,
// and the same {{placeholders}} as English.
import { describe, expect, it } from 'vitest';
import en from '../../../shared/locales/en.json';
import es from '../../../shared/locales/es.json';
import fr from '../../../shared/locales/fr.json';
import de from '../../../shared/locales/de.json';
import zh from '../../../shared/locales/zh.json';
import ar from '../../../shared/locales/ar.json';
import { LANGUAGES, directionOf } from '../../../shared/i18n/languages';
import { ERROR_CODES } from '../../../shared/errors';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const locales: Record<string, Tree> = { en, es, fr, de, zh, ar };
const english = flatten(en);
const baseKeys = new Set([...english.keys()].map((k) => k.replace(PLURAL, '')));
const pluralBases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));

describe('locales', () => {
  it('ships exactly the six languages, Arabic right-to-left', () => {
    expect(LANGUAGES.map((l) => l.code).sort()).toEqual(Object.keys(locales).sort());
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });

  for (const [code, tree] of Object.entries(locales)) {
    describe(code, () => {
      const flat = flatten(tree);
      it('has every key, each plural form the language needs, and nothing extra', () => {
        const missing: string[] = [];
        const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
        for (const base of baseKeys) {
          if (pluralBases.has(base)) {
            for (const c of categories) if (!flat.has(`${base}_${c}`)) missing.push(`${base}_${c}`);
          } else if (!flat.has(base)) missing.push(base);
        }
        const extra = [...flat.keys()].filter((k) => !baseKeys.has(k.replace(PLURAL, '')));
        expect(missing).toEqual([]);
        expect(extra).toEqual([]);
      });

      it('keeps the placeholders of the English text and leaves nothing empty', () => {
        const wrong: string[] = [];
        for (const [key, value] of flat) {
          if (!value.trim()) wrong.push(`${key}: empty`);
          const enValue = english.get(key) ?? english.get(key.replace(PLURAL, '_other'));
          if (enValue === undefined) continue;
          const want = placeholders(enValue);
          const have = placeholders(value);
          // A language may spell a number out for a fixed plural form (Arabic "two"): fewer is fine, unknown is not.
          if (have.some((p) => !want.includes(p))) wrong.push(`${key}: ${have.join(',')} vs ${want.join(',')}`);
          if (!PLURAL.test(key) && have.join() !== want.join()) wrong.push(`${key}: ${have.join(',')} vs ${want.join(',')}`);
        }
        expect(wrong).toEqual([]);
      });
    });
  }

  it('translates every error code', () => {
    for (const code of ERROR_CODES) expect(english.has(`errors.${code}`), code).toBe(true);
  });
});
