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

/**
 * An FTS5 MATCH expression for what the agent typed: every word must match (a Chinese word that folds into
 * several is a phrase), each quoted so nothing typed is read as query syntax; the last word is a prefix while
 * the agent is still typing it (no space after it). Null when nothing searchable was typed.
 */
export function matchQuery(typed: string): string | null {
  const words = typed.split(/\s+/).filter(Boolean).slice(0, MAX_QUERY_WORDS);
  const stillTyping = !/\s$/.test(typed);
  const parts = words
    .map((w) => tokensOf(w))
    .filter((tokens) => tokens.length > 0)
    .map((tokens) => `"${tokens.join(' ')}"`);
  if (parts.length === 0) return null;
  const prefix = stillTyping && tokensOf(words[words.length - 1] ?? '').length > 0;
  return `${parts.join(' ')}${prefix ? '*' : ''}`;
}
