/**
 * The snippet shown under a search result: a few words of the article's text (as the index holds it) around the
 * first place the typed words match, the matched words between MATCH_START and MATCH_END. Made here rather than
 * by FTS5's snippet(), which tokenizes the whole text again and re-reads the index for each result.
 */
import { MATCH_END, MATCH_START } from './article';
import type { QueryTerms } from './search-text';

const TOKEN = /[\p{L}\p{N}]+/gu;
/** Case and Latin accents folded, as the index's tokenizer (unicode61, remove_diacritics 2) folds them. */
const comparable = (token: string) => token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export function snippetOf(text: string, terms: QueryTerms, words = 14): string {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, key: comparable(m[0]) }));
  const all = terms.words.flat().map(comparable);
  const last = terms.words[terms.words.length - 1];
  const prefixToken = terms.prefix && last ? comparable(last[last.length - 1] ?? '') : null;
  const exact = new Set(prefixToken === null ? all : all.slice(0, -1));
  const matches = (key: string) => exact.has(key) || (prefixToken !== null && key.startsWith(prefixToken));
  const first = Math.max(
    0,
    tokens.findIndex((t) => matches(t.key)),
  );
  const from = Math.max(0, Math.min(first - 3, tokens.length - words));
  const shown = tokens.slice(from, from + words);
  if (shown.length === 0) return '';
  let out = from > 0 ? '…' : '';
  shown.forEach((t, i) => {
    if (i > 0) out += text.slice(shown[i - 1]?.end ?? t.start, t.start);
    const word = text.slice(t.start, t.end);
    out += matches(t.key) ? `${MATCH_START}${word}${MATCH_END}` : word;
  });
  return from + words < tokens.length ? `${out}…` : out;
}
