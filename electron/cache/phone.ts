/** Phone numbers are compared in E.164 only; national formats are read in the store's default region. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type Region = CountryCode;
export const DEFAULT_REGION: Region = 'US';

/** E.164 for a number typed or stored in any common format, or null when it is not a possible number. */
export function toE164(raw: string, defaultRegion: Region = DEFAULT_REGION): string | null {
  // NFKC: full-width digits and plus (typed on CJK keyboards) read as ASCII; no-break spaces as spaces.
  const cleaned = raw.normalize('NFKC').trim();
  if (cleaned.length < 3 || cleaned.length > 40) return null;
  const parsed = parsePhoneNumberFromString(cleaned.startsWith('00') ? `+${cleaned.slice(2)}` : cleaned, defaultRegion);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}
