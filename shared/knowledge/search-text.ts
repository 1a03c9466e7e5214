/**
 * The text the knowledge base's full-text index holds and the queries it is asked, folded the same way on both
 * sides (in main): Arabic without its short vowels (tashkeel) and tatweel, its alef/hamza variants as one
 * letter; Chinese, which has no spaces, cut into words (Intl.Segmenter) joined by an invisible separator the
 * index's tokenizer splits on. Case and Latin accents are the tokenizer's (unicode61, remove_diacritics 2).
 */

/** Zero-width space: not a letter, so the tokenizer splits on it; invisible in a snippet. */
const WORD_JOINER = '\u200b';
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_LETTERS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ة: 'ه', ؤ: 'و', ئ: 'ي' };
const ARABIC_VARIANTS = /[أإآٱىةؤئ]/g;
const HAN_RUN = /[\p{Script=Han}]+/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;
/** At most this many words of a query are searched. */
const MAX_QUERY_WORDS = 12;
/** A word being typed is a prefix from this many letters (one letter would match half the index). */
const MIN_PREFIX = 2;

let segmenter: Intl.Segmenter | null = null;
const chineseWords = (run: string): string[] => {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return [...segmenter.segment(run)].map((s) => s.segment);
};

/** Text as the index keeps it (and as a query is compared with it). */
export function foldForIndex(text: string): string {
  return text
    .normalize('NFC')
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_VARIANTS, (c) => ARABIC_LETTERS[c] ?? c)
    .replace(HAN_RUN, (run) => chineseWords(run).join(WORD_JOINER));
}

/** The tokens of one typed word, folded. */
const tokensOf = (word: string): string[] => foldForIndex(word).match(TOKEN) ?? [];

/** What was typed, as the index's words: each typed word's tokens, and whether the last is a prefix. */
export interface QueryTerms {
  words: string[][];
  prefix: boolean;
}

/**
 * The words typed (at most MAX_QUERY_WORDS), folded; the last is a prefix while the agent is still typing it (no
 * space after it), once it has two letters (a first letter alone is left out after other words, and matched as a
 * whole word on its own).
 */
export function queryTerms(typed: string): QueryTerms {
  const words = typed
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, MAX_QUERY_WORDS)
    .map((w) => tokensOf(w))
    .filter((tokens) => tokens.length > 0);
  const last = words[words.length - 1];
  if (!last) return { words: [], prefix: false };
  const stillTyping = !/\s$/.test(typed);
  const lastLetters = last.join('').length;
  if (stillTyping && lastLetters < MIN_PREFIX && words.length > 1) words.pop();
  return { words, prefix: stillTyping && lastLetters >= MIN_PREFIX && words[words.length - 1] === last };
}

/**
 * An FTS5 MATCH expression for what the agent typed: every word must match (a Chinese word that folds into
 * several is a phrase), each quoted so nothing typed is read as query syntax. Null when nothing searchable was typed.
 */
export function matchQuery(typed: string): string | null {
  const { words, prefix } = queryTerms(typed);
  if (words.length === 0) return null;
  return `${words.map((tokens) => `"${tokens.join(' ')}"`).join(' ')}${prefix ? '*' : ''}`;
}
