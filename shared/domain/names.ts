/**
 * People's names as stored and as said. A name on file may hold characters that render as nothing
 * or reorder what is shown (NUL and other controls, zero-width spaces and joiners, bidi embeddings,
 * overrides and isolates): what the agent reads aloud must be what is compared. The stored resource
 * keeps the original; the page is given the visible letters, and matching and indexing compare
 * folded keys.
 */

/** Controls (Cc: C0, DEL, C1 incl. NUL), bidi marks, embeddings, overrides and isolates, zero-width characters, BOM. */
const INVISIBLE = /[\p{Cc}\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/** The name as the page shows it: the letters on file without invisible or reordering characters. */
export const visibleName = (s: string): string => s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();

/** The key names are compared by: visible letters, no case, no accents, single spaces between words. */
export const foldName = (s: string): string =>
  visibleName(s)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
