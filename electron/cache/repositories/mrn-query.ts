/**
 * What an agent types for a medical record number, as the MRNs to look for: spaces, case and a spoken prefix
 * ("mrn 00000012", "MRN: 00000012", "MRN#00000012") do not matter. The typed value is tried first as it is (an MRN
 * that itself starts with the letters MRN), then with the prefix read as a label.
 */
const PREFIX = /^MRN[:#-]?(?=.)/;

/** The MRNs to look for, most literal first (compared without regard to case); none for an empty value. */
export function mrnCandidates(typed: string): string[] {
  const compact = typed.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (!compact) return [];
  if (!PREFIX.test(compact)) return [compact];
  const rest = compact.replace(PREFIX, '');
  return [...new Set([compact, `MRN${rest}`, rest])];
}
