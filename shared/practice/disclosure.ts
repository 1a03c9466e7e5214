/**
 * Whether a trainee's line gives away something protected, in any wording. The protected facts are
 * derived from the scenario's own FHIR records (appointment dates and times, the weekday they fall
 * on, places, clinicians, related persons, amounts, identifiers, the kind of care) and from its
 * `protectedFacts` phrases; a line is then read for mentions of them: dates in any format ("the
 * 3rd", "March 3", "3/3", "2026-03-03", "on the third", "el 3 de marzo", the matching weekday), times
 * ("2pm", "14:00", "two o'clock", "a las dos de la tarde"), amounts ("$120.50", "120 dollars",
 * "four hundred twenty dollars"), and names of places and people (the whole name or its distinctive
 * words). What the caller has already said in their own words is not a disclosure when repeated.
 */

import { must } from '../must';

export type Fact =
  | { kind: 'date'; source: string; year?: number; month?: number; day?: number; weekday?: number }
  | { kind: 'time'; source: string; hour: number; minute: number; definite: boolean }
  | { kind: 'amount'; source: string; cents: number }
  /** A place, a person, a kind of care, an identifier: any of these normalised phrases, as whole words. */
  | { kind: 'words'; source: string; phrases: string[] };

/** A fact found in a line, and how it was said (what the caller saying it first excuses). */
export interface Mention {
  fact: number;
  aspect: string;
}

interface Resource {
  resourceType: string;
  id: string;
  [k: string]: unknown;
}

/** Lower case, accents and apostrophes dropped, dashes and spaces collapsed: "Children’s" -> "childrens". */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´']/g, '')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

// ——— vocabulary ———

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  tues: 2,
  weds: 3,
  thur: 4,
  thurs: 4,
  domingo: 0,
  lunes: 1,
  martes: 2,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sabado: 6,
};
const EN_ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
const ORDINAL_WORDS: Record<string, number> = Object.fromEntries([
  ...EN_ORDINALS.map((w, i) => [w, i + 1] as const),
  ...EN_ORDINALS.slice(0, 9).flatMap(
    (w, i) =>
      [
        [`twenty-${w}`, 21 + i],
        [`twenty ${w}`, 21 + i],
      ] as const,
  ),
  ['thirtieth', 30],
  ['thirty-first', 31],
  ['thirty first', 31],
  ['primero', 1],
]);
const ES_NUMBERS = [
  'uno',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
  'diez',
  'once',
  'doce',
  'trece',
  'catorce',
  'quince',
  'dieciseis',
  'diecisiete',
  'dieciocho',
  'diecinueve',
  'veinte',
  'veintiuno',
  'veintidos',
  'veintitres',
  'veinticuatro',
  'veinticinco',
  'veintiseis',
  'veintisiete',
  'veintiocho',
  'veintinueve',
  'treinta',
];
const EN_NUMBERS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const SMALL_NUMBERS: Record<string, number> = Object.fromEntries([
  ...EN_NUMBERS.map((w, i) => [w, i + 1] as const),
  ...ES_NUMBERS.map((w, i) => [w, i + 1] as const),
  ['una', 1],
  ['un', 1],
  ['treinta y uno', 31],
  ['zero', 0],
  ['cero', 0],
]);
const TENS: Record<string, number> = {
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
};
const HUNDREDS_ES: Record<string, number> = {
  cien: 100,
  ciento: 100,
  doscientos: 200,
  trescientos: 300,
  cuatrocientos: 400,
  quinientos: 500,
  seiscientos: 600,
  setecientos: 700,
  ochocientos: 800,
  novecientos: 900,
};

/** A group of a matched pattern that every match fills (not an optional one). */
const group = (m: RegExpMatchArray, i: number): string => must(m[i], `group ${i} of a matched pattern`);

/** A word's number in a vocabulary (own entries only: "constructor" is not a number word). */
const valueOf = (vocabulary: Record<string, number>, word: string): number | undefined => (Object.hasOwn(vocabulary, word) ? vocabulary[word] : undefined);

/** The number of a word the pattern was built from, so the vocabulary has it. */
const vocabularyValue = (vocabulary: Record<string, number>, word: string): number =>
  must(valueOf(vocabulary, word), 'a word of the pattern in its vocabulary');

const alt = (words: string[]) =>
  words
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
const MONTH_RE = alt(Object.keys(MONTHS));
const WEEKDAY_RE = alt(Object.keys(WEEKDAYS));
const DAY_WORD_RE = alt([
  ...Object.keys(ORDINAL_WORDS),
  ...Object.entries(SMALL_NUMBERS)
    .filter(([, n]) => n >= 1)
    .map(([w]) => w),
]);
const DAY_RE = `(?:\\d{1,2}(?:st|nd|rd|th|º|°|o)?|${DAY_WORD_RE})`;
const HOUR_WORD_RE = alt([...EN_NUMBERS.slice(0, 12), 'una', ...ES_NUMBERS.slice(1, 12)]);
const HOUR_RE = `(?:\\d{1,2}|${HOUR_WORD_RE})`;
const NUMBER_WORD_RE = alt([
  ...Object.keys(SMALL_NUMBERS).filter((w) => !w.includes(' ')),
  ...Object.keys(TENS),
  ...Object.keys(HUNDREDS_ES),
  'hundred',
  'thousand',
  'mil',
]);
const CURRENCY_WORD_RE = '(?:us\\s+)?(?:dollars?|bucks|usd|dolares|dolar|euros?|pesos?)';

/** Words too common to stand for a place or a person on their own (English and Spanish). */
const GENERIC = new Set(
  (
    'the and for with from this that your our their clinic clinics hospital hospitals centre center health healthcare medical medicine care service services department office ' +
    'practice example street avenue road drive lane court way boulevard place suite floor building north south east west general city community family group unit ' +
    'review consultation consult follow followup appointment appointments annual check checkup test tests result results normal active recent visit team doctor nurse ' +
    'clinica hospital centro salud medico medica calle avenida consulta revision cita servicio departamento doctora enfermera prueba pruebas resultados resultado ' +
    'slightly high about there here please thank thanks'
  ).split(' '),
);

// ——— parsing numbers and dates in a line ———

function dayNumber(token: string): number | null {
  const t = token.trim();
  const digits = /^(\d{1,2})/.exec(t);
  const n = digits ? Number(digits[1]) : (ORDINAL_WORDS[t] ?? SMALL_NUMBERS[t] ?? null);
  return n !== null && n >= 1 && n <= 31 ? n : null;
}

function hourNumber(token: string): number | null {
  const n = /^\d+$/.test(token) ? Number(token) : (SMALL_NUMBERS[token] ?? null);
  return n !== null && n >= 0 && n <= 23 ? n : null;
}

/** "four hundred twenty", "cuatrocientos veinte", "1,250.75" -> a number (null when not one). */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/-/g, ' ');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  let total = 0;
  let current = 0;
  let any = false;
  const words = t.split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    const w = must(words[i], 'a word of the text');
    if (w === 'and' || w === 'y') continue;
    const value = valueOf(SMALL_NUMBERS, w) ?? valueOf(TENS, w) ?? valueOf(HUNDREDS_ES, w);
    if (w === 'treinta' && words[i + 1] === 'y' && words[i + 2] === 'uno') {
      current += 31;
      i += 2;
    } else if (value !== undefined) current += value;
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w === 'thousand' || w === 'mil') {
      total += (current || 1) * 1000;
      current = 0;
    } else return null;
    any = true;
  }
  return any ? total + current : null;
}

interface DateMention {
  aspect: 'monthDay' | 'day' | 'weekday';
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
}
interface TimeMention {
  hour: number;
  minute: number;
  definite: boolean;
}

const fullYear = (y: string | undefined) => (y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y));

function dateMentions(said: string): DateMention[] {
  const out: DateMention[] = [];
  const push = (m: DateMention) => {
    if (m.day !== undefined && (m.day < 1 || m.day > 31)) return;
    if (m.month !== undefined && (m.month < 1 || m.month > 12)) return;
    out.push(m);
  };
  for (const m of said.matchAll(new RegExp(`\\b(${MONTH_RE})\\.?\\s+(?:the\\s+)?(${DAY_RE})\\b(?:,?\\s+(\\d{4}))?`, 'g'))) {
    const day = dayNumber(group(m, 2));
    // "may I", "mar": a month word only counts with a day beside it.
    if (day !== null) push({ aspect: 'monthDay', month: vocabularyValue(MONTHS, group(m, 1)), day, year: fullYear(m[3]) });
  }
  for (const m of said.matchAll(new RegExp(`\\b(?:the\\s+|el\\s+)?(${DAY_RE})\\s+(of\\s+|de\\s+)?(${MONTH_RE})\\b(?:,?\\s+(?:de(?:l)?\\s+)?(\\d{4}))?`, 'g'))) {
    const day = dayNumber(group(m, 1));
    const month = group(m, 3);
    if (day === null || (!m[2] && (month === 'may' || month === 'mar'))) continue;
    push({ aspect: 'monthDay', month: vocabularyValue(MONTHS, month), day, year: fullYear(m[4]) });
  }
  for (const m of said.matchAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g)) push({ aspect: 'monthDay', year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  for (const m of said.matchAll(
    /(?<![\d$€£.,])\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b(?![.,]?\d)|(?<![\d$€£])\b(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})\b/g,
  )) {
    const a = Number(m[1] ?? m[4]);
    const b = Number(m[2] ?? m[5]);
    const year = fullYear(m[3] ?? m[6]);
    // 3/12 is March 12 or 3 December depending on where one lives: either counts.
    push({ aspect: 'monthDay', month: a, day: b, year });
    if (a !== b) push({ aspect: 'monthDay', month: b, day: a, year });
  }
  const dayOnly = [
    `\\bon\\s+the\\s+(${DAY_RE})\\b`,
    `\\bthe\\s+(\\d{1,2}(?:st|nd|rd|th))\\b`,
    `\\bthe\\s+(${alt(Object.keys(ORDINAL_WORDS))})\\s+of\\b`,
    `\\b(?:el\\s+)?dia\\s+(${DAY_RE})\\b`,
    `\\bel\\s+(\\d{1,2}|${alt(ES_NUMBERS)}|primero)\\b(?!\\s*(?:%|por|dolares|euros|pesos|:|h\\b))`,
  ];
  for (const re of dayOnly) {
    for (const m of said.matchAll(new RegExp(re, 'g'))) {
      const day = dayNumber(group(m, 1));
      if (day !== null) push({ aspect: 'day', day });
    }
  }
  for (const m of said.matchAll(new RegExp(`\\b(${WEEKDAY_RE})s?\\b`, 'g'))) push({ aspect: 'weekday', weekday: vocabularyValue(WEEKDAYS, group(m, 1)) });
  return out;
}

function timeMentions(said: string): TimeMention[] {
  const out: TimeMention[] = [];
  const push = (hour: number | null, minute: number, meridiem: 'am' | 'pm' | null, definite24 = false) => {
    if (hour === null || minute < 0 || minute > 59) return;
    if (meridiem) {
      if (hour < 1 || hour > 12) return;
      out.push({ hour: (hour % 12) + (meridiem === 'pm' ? 12 : 0), minute, definite: true });
    } else out.push({ hour, minute, definite: definite24 || hour >= 13 || hour === 0 });
  };
  const meridiemOf = (s: string | undefined): 'am' | 'pm' | null => {
    if (!s) return null;
    if (/^a/.test(s) || /manana|morning/.test(s)) return 'am';
    if (/^p/.test(s) || /tarde|noche|afternoon|evening|night/.test(s)) return 'pm';
    return null;
  };
  const AMPM = `(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![a-z])`;
  const PERIOD = `(?:\\s+(in the morning|in the afternoon|in the evening|at night|de la manana|de la tarde|de la noche|por la manana|por la tarde))`;
  // 14:00, 2:30 pm, 14h00, 2.30pm
  for (const m of said.matchAll(new RegExp(`(?<![\\d$€£.,/])\\b(\\d{1,2})(?::|h)(\\d{2})\\b(?:\\s*${AMPM})?${PERIOD}?`, 'g'))) {
    const hour = group(m, 1);
    push(hourNumber(hour), Number(m[2]), meridiemOf(m[3] ?? m[4]), said[m.index + hour.length] === 'h' || hour.startsWith('0'));
  }
  for (const m of said.matchAll(new RegExp(`(?<![\\d$€£.,/])\\b(\\d{1,2})\\.(\\d{2})\\s*${AMPM}`, 'g')))
    push(hourNumber(group(m, 1)), Number(m[2]), meridiemOf(m[3]));
  // 2pm, two p.m., 2 in the afternoon, two o'clock
  for (const m of said.matchAll(new RegExp(`(?<![\\d$€£.,:/])\\b(${HOUR_RE})\\s*(?:oclock\\s*)?${AMPM}`, 'g')))
    push(hourNumber(group(m, 1)), 0, meridiemOf(m[2]));
  for (const m of said.matchAll(new RegExp(`(?<![\\d$€£.,:/])\\b(${HOUR_RE})(?:\\s+oclock)?${PERIOD}`, 'g')))
    push(hourNumber(group(m, 1)), 0, meridiemOf(m[2]));
  for (const m of said.matchAll(new RegExp(`(?<![\\d$€£.,:/])\\b(${HOUR_RE})\\s*(?:o\\s?clock|oclock)\\b`, 'g'))) push(hourNumber(group(m, 1)), 0, null);
  // at 2, at two thirty, at half past two, a las dos y media de la tarde
  for (const m of said.matchAll(
    new RegExp(
      `\\bat\\s+(${HOUR_RE})(?:\\s+(thirty|fifteen|forty-five|forty five))?(?=\\s*(?:$|[,.;!?)]|(?:on|in|at|to|with|this|next|tomorrow|today|tonight|sharp|then|instead|and|or|if|is|would|works|ok|okay|please|for|that|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b))`,
      'g',
    ),
  )) {
    const minute = m[2] === 'thirty' ? 30 : m[2] === 'fifteen' ? 15 : m[2] ? 45 : 0;
    push(hourNumber(group(m, 1)), minute, null);
  }
  for (const m of said.matchAll(new RegExp(`\\b(half past|quarter past|quarter to)\\s+(${HOUR_RE})\\b${PERIOD}?`, 'g'))) {
    const h = hourNumber(group(m, 2));
    if (h === null) continue;
    const mer = meridiemOf(m[3]);
    if (m[1] === 'quarter to') push(h === 1 ? 12 : h - 1, 45, mer);
    else push(h, m[1] === 'half past' ? 30 : 15, mer);
  }
  for (const m of said.matchAll(
    new RegExp(
      `\\b(?:a\\s+)?las?\\s+(${HOUR_RE})\\b(?:\\s+y\\s+(media|cuarto)|\\s+menos\\s+(cuarto))?${PERIOD}?(?!\\s*(?:%|dolares|euros|pesos|de\\s+(?:${MONTH_RE})))`,
      'g',
    ),
  )) {
    let h = hourNumber(group(m, 1));
    if (h === null) continue;
    let minute = m[2] === 'media' ? 30 : m[2] === 'cuarto' ? 15 : 0;
    if (m[3]) {
      h = h === 1 ? 12 : h - 1;
      minute = 45;
    }
    push(h, minute, meridiemOf(m[4]));
  }
  for (const _ of said.matchAll(/\b(noon|midday|mediodia)\b/g)) out.push({ hour: 12, minute: 0, definite: true });
  // 1400 hours, 14 horas
  for (const m of said.matchAll(/(?<![\d$€£.,:/])\b([01]\d|2[0-3])([0-5]\d)\s*(?:hours|hrs|horas)\b/g)) push(Number(m[1]), Number(m[2]), null, true);
  return out;
}

function amountMentions(said: string): number[] {
  const out: number[] = [];
  const cents = (whole: string, frac: string | undefined) => Math.round(Number(whole.replace(/,/g, '')) * 100) + (frac ? Number(frac.padEnd(2, '0')) : 0);
  for (const m of said.matchAll(/(?:[$€£]|\busd\s?|\bus\$\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\b/g)) out.push(cents(group(m, 1), m[2]));
  for (const m of said.matchAll(
    new RegExp(
      `(?<![\\d.,])\\b(\\d{1,3}(?:,\\d{3})+|\\d+)(?:[.,](\\d{2}))?\\s*(?:${CURRENCY_WORD_RE}|€)(?:\\s+(?:and|con|y)\\s+(\\d{1,2})\\s+(?:cents?|centavos|centimos))?`,
      'g',
    ),
  )) {
    out.push(cents(group(m, 1), m[2] ?? m[3]));
  }
  const run = `(?:${NUMBER_WORD_RE})(?:(?:\\s+|-)(?:(?:and|y)\\s+)?(?:${NUMBER_WORD_RE}))*`;
  for (const m of said.matchAll(
    new RegExp(`\\b(${run})\\s+${CURRENCY_WORD_RE}(?:\\s+(?:and|con|y)\\s+(${run}|\\d{1,2})\\s+(?:cents?|centavos|centimos))?`, 'g'),
  )) {
    const whole = parseNumber(group(m, 1));
    const frac = m[2] ? parseNumber(m[2]) : 0;
    if (whole !== null && frac !== null) out.push(whole * 100 + frac);
  }
  // A bare figure with decimals or of three digits or more ("the balance is 420"), outside dates and times.
  for (const m of said.matchAll(
    /(?<![\d$€£.,:/-])\b(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.(\d{2}))?\b(?![:/-]\d)|(?<![\d$€£.,:/-])\b(\d{1,2})\.(\d{2})\b(?![:/.-]\d)(?!\s*(?:a\.?\s?m|p\.?\s?m))/g,
  )) {
    out.push(cents(must(m[1] ?? m[3], 'the figure of a bare amount'), m[2] ?? m[4]));
  }
  return out;
}

// ——— facts from the record ———

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** Words of a name that can stand for it alone: long enough, not a common word, not the patient's own name. */
function distinctiveWords(text: string, exclude: Set<string>): string[] {
  return normaliseText(text)
    .split(/[^a-z0-9ñ]+/)
    .filter((w) => w.length >= 4 && !/^\d+$/.test(w) && !GENERIC.has(w) && !exclude.has(w) && !(w in MONTHS) && !(w in WEEKDAYS));
}

const beforeFirstComma = (s: string): string => {
  const comma = s.indexOf(',');
  return comma === -1 ? s : s.slice(0, comma);
};

const cleanPhrase = (s: string) =>
  normaliseText(s)
    .replace(/[^a-z0-9ñ$€£.,:/ -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function humanNames(value: unknown): { given: string[]; family: string | null; text: string | null }[] {
  return asArray(value).map((n) => {
    const o = obj(n);
    return { given: asArray(o.given).filter((g): g is string => typeof g === 'string'), family: str(o.family), text: str(o.text) };
  });
}

/** Date and (for a dateTime) clock time as written, with no time-zone conversion: what the record says. */
function dateParts(value: string): { year: number; month: number; day: number; hour: number | null; minute: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: m[4] ? Number(m[4]) : null, minute: m[5] ? Number(m[5]) : 0 };
}

/** Every protected fact of a scenario: from its FHIR records and its `protectedFacts` phrases. */
export function scenarioFacts(scenario: { patientId: string; resources: Resource[]; protectedFacts: string[] }): Fact[] {
  const facts: Fact[] = [];
  const patient = scenario.resources.find((r) => r.resourceType === 'Patient' && r.id === scenario.patientId);
  // The patient's own name is what every caller asks about: it is not a disclosure.
  const patientWords = new Set(
    humanNames(patient?.name).flatMap((n) => [...n.given, n.family ?? '', n.text ?? ''].flatMap((w) => normaliseText(w).split(/\s+/))),
  );
  const words = (source: string, phrases: string[]) => {
    const ps = [...new Set(phrases.map(cleanPhrase).filter((p) => p.length >= 3 && !patientWords.has(p)))];
    if (ps.length) facts.push({ kind: 'words', source, phrases: ps });
  };
  const place = (source: string, name: string) => {
    words(source, [name, ...distinctiveWords(name, patientWords)]);
  };
  const care = (source: string, text: string) => {
    words(source, [text, ...distinctiveWords(text, patientWords)]);
  };
  const person = (source: string, name: string, kind: 'clinician' | 'relative') => {
    const parts = normaliseText(name)
      .replace(/\b(dr|dra|doctor|doctora|mr|mrs|ms|sr|sra)\b\.?/g, ' ')
      .split(/[^a-z0-9ñ-]+/)
      .filter(Boolean);
    const family = parts[parts.length - 1];
    if (!family) return;
    const phrases = [parts.join(' ')];
    // A clinician by title and surname ("Dr. Ruiz"); a relative by any distinctive part of the name ("Anna").
    if (kind === 'clinician') phrases.push(...['dr', 'dr.', 'doctor', 'doctora', 'dra', 'dra.'].map((t) => `${t} ${family}`));
    phrases.push(...distinctiveWords(parts.slice(kind === 'clinician' ? -1 : 0).join(' '), patientWords));
    words(source, phrases);
  };
  const date = (source: string, value: unknown, opts: { weekday: boolean; time: boolean }) => {
    const v = str(value);
    const p = v ? dateParts(v) : null;
    if (!p) return;
    const weekday = opts.weekday ? new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() : undefined;
    facts.push({ kind: 'date', source, year: p.year, month: p.month, day: p.day, ...(weekday !== undefined ? { weekday } : {}) });
    if (opts.time && p.hour !== null) facts.push({ kind: 'time', source, hour: p.hour, minute: p.minute, definite: true });
  };
  const money = (source: string, value: unknown) => {
    const n = obj(value).value;
    if (typeof n === 'number' && Number.isFinite(n)) facts.push({ kind: 'amount', source, cents: Math.round(n * 100) });
  };
  const reference = (source: string, ref: unknown) => {
    const r = obj(ref);
    const display = str(r.display);
    if (!display) return;
    const type = (str(r.reference) ?? '').split('/')[0];
    if (type === 'Practitioner' || type === 'PractitionerRole' || /^(dr|dra|doctor|doctora)\b/i.test(display)) person(source, display, 'clinician');
    else if (type === 'RelatedPerson') person(source, display, 'relative');
    else if (type !== 'Patient') place(source, display);
  };
  const concept = (source: string, c: unknown) => {
    const o = obj(c);
    const text = str(o.text) ?? str(obj(asArray(o.coding)[0]).display);
    if (text) care(source, text);
  };

  for (const r of scenario.resources) {
    const at = `${r.resourceType}/${r.id}`;
    switch (r.resourceType) {
      case 'Patient':
        if (r.id !== scenario.patientId) break;
        date(`${at} birthDate`, r.birthDate, { weekday: false, time: false });
        for (const a of asArray(r.address)) {
          const o = obj(a);
          const line = str(o.text)?.split(',')[0] ?? asArray(o.line).filter((l): l is string => typeof l === 'string')[0];
          if (!line) continue;
          const street = normaliseText(line)
            .replace(/\b(street|st|avenue|ave|road|rd|drive|dr|lane|ln|court|ct|way|boulevard|blvd|place|pl|calle|avenida)\b\.?$/, '')
            .trim();
          words(`${at} address`, [line, street, ...distinctiveWords(line, patientWords)]);
        }
        for (const i of asArray(r.identifier)) {
          const v = str(obj(i).value);
          if (v) words(`${at} identifier`, [v]);
        }
        break;
      case 'Appointment':
        date(`${at} start`, r.start, { weekday: true, time: true });
        for (const s of asArray(r.serviceType)) concept(`${at} serviceType`, s);
        if (str(r.description)) care(`${at} description`, r.description as string);
        for (const p of asArray(r.participant)) reference(`${at} participant`, obj(p).actor);
        break;
      case 'Encounter':
        date(`${at} period`, obj(r.period).start, { weekday: true, time: true });
        for (const t of asArray(r.type)) concept(`${at} type`, t);
        for (const l of asArray(r.location)) reference(`${at} location`, obj(l).location);
        reference(`${at} serviceProvider`, r.serviceProvider);
        for (const p of asArray(r.participant)) reference(`${at} participant`, obj(p).individual);
        break;
      case 'ServiceRequest':
        concept(`${at} code`, r.code);
        date(`${at} authoredOn`, r.authoredOn, { weekday: false, time: false });
        date(`${at} occurrence`, r.occurrenceDateTime, { weekday: true, time: true });
        reference(`${at} requester`, r.requester);
        for (const p of asArray(r.performer)) reference(`${at} performer`, p);
        break;
      case 'Invoice':
        date(`${at} date`, r.date, { weekday: false, time: false });
        money(`${at} totalGross`, r.totalGross);
        money(`${at} totalNet`, r.totalNet);
        break;
      case 'Account':
        for (const b of asArray(r.balance)) money(`${at} balance`, obj(b).amount);
        break;
      case 'Coverage':
        for (const i of asArray(r.identifier)) if (str(obj(i).value)) words(`${at} identifier`, [obj(i).value as string]);
        if (str(r.subscriberId)) words(`${at} subscriberId`, [r.subscriberId as string]);
        for (const p of asArray(r.payor)) reference(`${at} payor`, p);
        break;
      case 'Flag':
        concept(`${at} code`, r.code);
        break;
      case 'RelatedPerson':
        for (const n of humanNames(r.name)) person(`${at} name`, n.text ?? [...n.given, n.family ?? ''].join(' '), 'relative');
        break;
      case 'Practitioner':
        for (const n of humanNames(r.name)) person(`${at} name`, n.text ?? [...n.given, n.family ?? ''].join(' '), 'clinician');
        break;
      case 'Location':
      case 'Organization':
        if (str(r.name)) place(`${at} name`, r.name as string);
        for (const a of asArray(r.address)) {
          const text = str(obj(a).text);
          if (text) place(`${at} address`, beforeFirstComma(text));
        }
        break;
      default:
        break;
    }
  }

  for (const phrase of scenario.protectedFacts) {
    const said = normaliseText(phrase);
    const source = `protectedFacts: ${phrase}`;
    const dates = dateMentions(said);
    const times = timeMentions(said);
    const amounts = amountMentions(said);
    for (const d of dates)
      facts.push({
        kind: 'date',
        source,
        ...(d.year !== undefined ? { year: d.year } : {}),
        ...(d.month !== undefined ? { month: d.month } : {}),
        ...(d.day !== undefined ? { day: d.day } : {}),
        ...(d.weekday !== undefined ? { weekday: d.weekday } : {}),
      });
    for (const t of times) facts.push({ kind: 'time', source, ...t });
    for (const c of [...new Set(amounts)]) facts.push({ kind: 'amount', source, cents: c });
    const structured = dates.length + times.length + amounts.length > 0;
    words(source, structured ? [phrase] : [phrase, ...distinctiveWords(phrase, patientWords)]);
  }
  return facts;
}

// ——— reading a line ———

function dateMatches(f: Extract<Fact, { kind: 'date' }>, m: DateMention): boolean {
  if (m.aspect === 'weekday') return f.weekday !== undefined && f.weekday === m.weekday;
  if (f.day === undefined || f.day !== m.day) return false;
  if (m.month !== undefined && f.month !== undefined && m.month !== f.month) return false;
  if (m.aspect === 'monthDay' && f.month === undefined) return false;
  return m.year === undefined || f.year === undefined || m.year === f.year;
}

function timeMatches(f: Extract<Fact, { kind: 'time' }>, m: TimeMention): boolean {
  if (f.minute !== m.minute) return false;
  return f.definite && m.definite ? f.hour === m.hour : f.hour % 12 === m.hour % 12;
}

const wordPattern = (phrase: string) => new RegExp(`(?<![a-z0-9ñ])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[\\s-]+')}(?![a-z0-9ñ])`);

/** The facts a line mentions, and how each was said. */
export function mentions(text: string, facts: Fact[]): Mention[] {
  const said = normaliseText(text);
  const out: Mention[] = [];
  const dates = facts.some((f) => f.kind === 'date') ? dateMentions(said) : [];
  const times = facts.some((f) => f.kind === 'time') ? timeMentions(said) : [];
  const amounts = facts.some((f) => f.kind === 'amount') ? amountMentions(said) : [];
  const phraseText = said.replace(/[^a-z0-9ñ$€£.,:/ -]/g, ' ');
  facts.forEach((f, i) => {
    switch (f.kind) {
      case 'date':
        for (const m of dates) if (dateMatches(f, m)) out.push({ fact: i, aspect: m.aspect });
        break;
      case 'time':
        if (times.some((m) => timeMatches(f, m))) out.push({ fact: i, aspect: 'time' });
        break;
      case 'amount':
        if (amounts.includes(f.cents)) out.push({ fact: i, aspect: 'amount' });
        break;
      case 'words':
        for (const p of f.phrases) if (wordPattern(p).test(phraseText)) out.push({ fact: i, aspect: p });
        break;
    }
  });
  return out;
}

/**
 * The protected facts a trainee's line gives away: those it mentions, less what the caller already
 * said the same way (repeating the caller's own birth date back is not telling them anything).
 */
export function disclosedFacts(text: string, facts: Fact[], callerSaid: readonly string[] = []): Fact[] {
  const found = mentions(text, facts);
  if (found.length === 0) return [];
  // A caller who gave the day and month has given the day too.
  const known = new Set(
    callerSaid
      .flatMap((line) => mentions(line, facts))
      .flatMap((m) => [`${m.fact}\u0000${m.aspect}`, ...(m.aspect === 'monthDay' ? [`${m.fact}\u0000day`] : [])]),
  );
  const given = new Set(found.filter((m) => !known.has(`${m.fact}\u0000${m.aspect}`)).map((m) => m.fact));
  // In the facts' order, as `found` lists them.
  return facts.filter((_, i) => given.has(i));
}
