/**
 * FHIR R4 `date` and `dateTime` values: a year, a year and month, or a whole calendar date (and for
 * a dateTime a time with its zone). Partial dates are valid FHIR ("1963", "1963-05"); impossible ones
 * ("1980-99-99", "2023-02-29", hour 25) are not. Pure TypeScript: used by the import and the page.
 */

export interface FhirDateParts {
  year: number;
  /** 1-12, when given. */
  month?: number;
  /** 1-31, when given. */
  day?: number;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The parts of a FHIR date, or null when it is not one (wrong shape or not on the calendar). */
export function parseFhirDate(value: string): FhirDateParts | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1) return null;
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** The first and last calendar day a (partial) FHIR date allows: "2011" is 2011-01-01 to 2011-12-31. */
export function fhirDateDays(value: string): { first: string; last: string } | null {
  const parts = parseFhirDate(value);
  if (!parts) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const y = String(parts.year).padStart(4, '0');
  const lastMonth = parts.month ?? 12;
  return {
    first: `${y}-${pad(parts.month ?? 1)}-${pad(parts.day ?? 1)}`,
    last: `${y}-${pad(lastMonth)}-${pad(parts.day ?? daysInMonth(parts.year, lastMonth))}`,
  };
}

export const isFhirDate = (value: string): boolean => parseFhirDate(value) !== null;

/** A FHIR dateTime: a (partial) date, or a whole date with a valid time (24:00 is not one). */
export function isFhirDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const datePart = m[1];
  if (datePart === undefined) return false;
  const date = parseFhirDate(datePart);
  if (!date) return false;
  if (m[2] === undefined) return true;
  if (date.day === undefined) return false;
  const [h, min, s] = [Number(m[2]), Number(m[3]), m[4] === undefined ? 0 : Number(m[4])];
  if (h > 23 || min > 59 || s > 60) return false;
  if (m[6] !== undefined && (Number(m[6]) > 14 || Number(m[7]) > 59)) return false;
  return true;
}

/**
 * How a FHIR date reads in a language: "1963", "May 1963" or "2 May 1963"; null when it is not a
 * date (the page shows its own placeholder, never "Invalid Date").
 */
export function formatFhirDate(value: string | null, lang: string, style: 'medium' | 'long' = 'medium'): string | null {
  if (!value) return null;
  const parts = parseFhirDate(value.length > 10 ? value.slice(0, 10) : value);
  if (!parts) return null;
  // Noon UTC shown in UTC: the same day everywhere on earth.
  const at = new Date(Date.UTC(parts.year, (parts.month ?? 1) - 1, parts.day ?? 1, 12));
  at.setUTCFullYear(parts.year);
  if (parts.month === undefined) return at.toLocaleDateString(lang, { year: 'numeric', timeZone: 'UTC' });
  if (parts.day === undefined) return at.toLocaleDateString(lang, { year: 'numeric', month: style === 'long' ? 'long' : 'short', timeZone: 'UTC' });
  return at.toLocaleDateString(lang, { dateStyle: style, timeZone: 'UTC' });
}
