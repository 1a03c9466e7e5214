/**
 * Compares what the caller says with what is on file, the way an agent would: case, accents, spaces
 * and punctuation do not matter; a date must be the same day; a phone the same number; an address
 * must have the same house number and street words; a member id its last four characters at least.
 */
import type { Identifier } from './policy';

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const words = (s: string) => new Set(fold(s).split(' ').filter(Boolean));
const digits = (s: string) => s.replace(/\D/g, '');

export function matches(identifier: Identifier, said: string, onFile: string | null): boolean {
  if (!onFile || !said.trim() || said.length > 300) return false;
  switch (identifier) {
    case 'name': {
      // Every word on file must be said (given and family), in any order.
      const s = words(said);
      const f = words(onFile);
      return f.size > 0 && [...f].every((w) => s.has(w));
    }
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
      const street = fold(onFile.split(',')[0] ?? '').split(' ').filter(Boolean);
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
