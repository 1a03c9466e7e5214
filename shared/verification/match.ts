/**
 * Compares what the caller says with what is on file, the way an agent would: case, accents, spaces,
 * punctuation and invisible characters do not matter; a date must be the same day; a phone the same
 * number; an address must have the same house number and street words; a member id its last four
 * characters at least.
 */
import { foldName } from '../domain/names';
import type { Identifier } from './policy';

/** One of a person's names on file (FHIR HumanName): given names, family name, or only a text. */
export interface NameOnFile {
  given: string | null;
  family: string | null;
  text: string | null;
}

const fold = foldName;
const words = (s: string) => new Set(fold(s).split(' ').filter(Boolean));
const digits = (s: string) => s.replace(/\D/g, '');
const allSaid = (said: Set<string>, part: string) => {
  const w = words(part);
  return w.size > 0 && [...w].every((x) => said.has(x));
};

/**
 * A name matches when every word of one name on file is said, in any order (extra words, such as a
 * middle name, are fine). A person with several names (official and usual, the same name in other
 * scripts: Latin and Arabic) may give any given name on file with any family name on file, so a
 * transliteration on file, or a mix of two ("Ahmed الحسن"), is accepted; a given name alone never is.
 */
export function matchesName(said: string, names: readonly NameOnFile[]): boolean {
  const s = words(said);
  if (s.size === 0) return false;
  const whole = names.some(
    (n) => (n.family || (n.text && !n.given)) && allSaid(s, n.text && !n.given && !n.family ? n.text : `${n.given ?? ''} ${n.family ?? ''}`),
  );
  if (whole) return true;
  const givens = names.map((n) => n.given).filter((g): g is string => !!g && !!fold(g));
  const families = names.map((n) => n.family).filter((f): f is string => !!f && !!fold(f));
  return givens.some((g) => allSaid(s, g)) && families.some((f) => allSaid(s, f));
}

export function matches(identifier: Identifier, said: string, onFile: string | readonly NameOnFile[] | null): boolean {
  if (!onFile || !said.trim() || said.length > 300) return false;
  if (identifier === 'name') return matchesName(said, typeof onFile === 'string' ? [{ given: null, family: null, text: onFile }] : onFile);
  if (typeof onFile !== 'string') return false;
  switch (identifier) {
    case 'birthDate':
      return /^\d{4}-\d{2}-\d{2}$/.test(said.trim()) && said.trim() === onFile;
    case 'mrn':
      return fold(said).replace(/ /g, '') === fold(onFile).replace(/ /g, '');
    case 'phone': {
      const a = digits(said);
      const b = digits(onFile);
      return a.length >= 7 && b.endsWith(a.slice(-10)) && a.slice(-10).length >= 7;
    }
    case 'address': {
      const s = words(said);
      // The first line of the address on file: house number and street.
      const street = fold(onFile.split(',')[0] ?? '')
        .split(' ')
        .filter(Boolean);
      return street.length > 0 && street.every((w) => s.has(w));
    }
    case 'memberId': {
      // The insurance member id, or at least its last four characters.
      const s = fold(said).replace(/ /g, '');
      const f = fold(onFile).replace(/ /g, '');
      return s.length >= 4 && f.endsWith(s);
    }
  }
}
