/**
 * Every phone number on the screen in one format: a number of the desk's own region in its national format
 * ("(702) 571-3605"), any other in the international one ("+44 20 7946 0958"). A number that does not parse as a
 * possible phone number is shown as it was given, never reshaped into something else.
 */
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number as the agent reads it, for a desk whose numbers without a country code are in `homeRegion`. */
export function formatPhoneNumber(raw: string, homeRegion: string): string {
  const given = raw.trim();
  // NFKC: full-width digits and plus read as ASCII; "00" is the international prefix most of the world dials.
  const cleaned = given.normalize('NFKC');
  if (cleaned.length < 3 || cleaned.length > 40 || !/^[+\d\s().\-/]+$/.test(cleaned)) return given;
  const region = isRegion(homeRegion) ? homeRegion : undefined;
  const parsed = parsePhoneNumberFromString(cleaned.startsWith('00') ? `+${cleaned.slice(2)}` : cleaned, region);
  if (!parsed?.isPossible()) return given;
  // By calling code, not country: a made-up 555 number has none, and is still dialled at home.
  const home = region !== undefined && parsed.countryCallingCode === getCountryCallingCode(region);
  return home ? parsed.formatNational() : parsed.formatInternational();
}

/** Whether a SIP user part is a dialled number (digits, perhaps with a leading +), not a name such as "agent42". */
export function looksLikeNumber(user: string): boolean {
  return /^\+?\d{3,15}$/.test(user.trim());
}

const isRegion = (r: string): r is CountryCode => {
  if (!/^[A-Z]{2}$/.test(r)) return false;
  try {
    getCountryCallingCode(r as CountryCode);
    return true;
  } catch {
    return false;
  }
};
