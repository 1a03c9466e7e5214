// Language names and lengths of time in each of the workspace's six languages.
import { describe, expect, it } from 'vitest';
import { clockSince, formatClock, formatDuration, languageName } from '../../../renderer/src/format/language-duration';
import { LANGUAGES } from '../../../shared/i18n/languages';

describe('languageName', () => {
  const french: Record<string, string> = { en: 'French', es: 'francés', fr: 'français', de: 'Französisch', zh: '法语', ar: 'الفرنسية' };

  it('names a language in each of the six languages of the workspace', () => {
    expect(LANGUAGES.map((l) => l.code).sort()).toEqual(Object.keys(french).sort());
    for (const l of LANGUAGES) expect(languageName('fr', l.code)).toBe(french[l.code]);
  });

  it('names a regional tag and ignores case', () => {
    expect(languageName('es-MX', 'en')).toBe('Mexican Spanish');
    expect(languageName('ZH', 'en')).toBe('Chinese');
    expect(languageName('pt-BR', 'de')).toBe('Portugiesisch (Brasilien)');
  });

  it('shows what is not a language tag as it was given (a name typed on the record, an unknown code)', () => {
    expect(languageName('Spanish', 'en')).toBe('Spanish');
    expect(languageName('xx', 'en')).toBe('xx');
    expect(languageName('not a tag!', 'de')).toBe('not a tag!');
    expect(languageName('', 'en')).toBe('');
  });
});

describe('formatClock and clockSince', () => {
  it('counts m:ss, then h:mm:ss from an hour', () => {
    expect(formatClock(0, 'en')).toBe('0:00');
    expect(formatClock(65, 'en')).toBe('1:05');
    expect(formatClock(3725, 'en')).toBe('1:02:05');
    expect(formatClock(-5, 'en')).toBe('0:00');
    expect(formatClock(Number.NaN, 'de')).toBe('0:00');
  });

  it("uses the locale's digits", () => {
    expect(formatClock(65, 'ar-EG')).toBe('١:٠٥');
  });

  it('runs from an ISO time; nothing when the time is unknown', () => {
    const now = Date.parse('2026-12-07T10:01:05Z');
    expect(clockSince('2026-12-07T10:00:00Z', now, 'en')).toBe('1:05');
    expect(clockSince(null, now, 'en')).toBe('');
    expect(clockSince('not a time', now, 'en')).toBe('');
  });
});

describe('formatDuration', () => {
  it('says a length of time in words, largest unit first', () => {
    expect(formatDuration(3900, 'en')).toBe('1 hr, 5 min');
    expect(formatDuration(45, 'en')).toBe('45 sec');
    expect(formatDuration(0, 'en')).toBe('0 sec');
    expect(formatDuration(125, 'de')).toBe('2 Min., 5 Sek.');
    // Long, for a sentence: "more than 5 minutes", "mehr als 5 Minuten", "超过 5分钟".
    expect(formatDuration(300, 'en', 'long')).toBe('5 minutes');
    expect(formatDuration(300, 'de', 'long')).toBe('5 Minuten');
    expect(formatDuration(3900, 'es', 'long')).toBe('1 hora y 5 minutos');
    expect(formatDuration(300, 'zh', 'long')).toBe('5分钟');
  });
});
