/**
 * Languages by their name and lengths of time, in the agent's language: "French" (or "Französisch", "法语"), not
 * "fr"; "4:05" on a running clock and "1 hr 5 min" in a sentence, with the locale's own digits and words.
 */

/** A language's name in `displayLanguage` ("fr" → "French"); a tag that is not a language is shown as given. */
export function languageName(tag: string, displayLanguage: string): string {
  const given = tag.trim();
  if (!given) return given;
  try {
    const name = new Intl.DisplayNames([displayLanguage], { type: 'language', fallback: 'none' }).of(given);
    return name ?? given;
  } catch {
    // Not a BCP 47 tag (a free-text "Spanish" from the record): already a name.
    return given;
  }
}

/** A running clock: m:ss, or h:mm:ss from an hour, in the locale's digits. Negative or unknown: 0:00. */
export function formatClock(totalSeconds: number, locale: string): string {
  const s = Number.isFinite(totalSeconds) ? Math.max(0, Math.floor(totalSeconds)) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const parts = h > 0 ? [plain.format(h), two.format(m), two.format(s % 60)] : [plain.format(m), two.format(s % 60)];
  return parts.join(':');
}

/** Seconds since an ISO time, as a running clock; empty when the time is unknown. */
export function clockSince(sinceIso: string | null, now: number, locale: string): string {
  if (!sinceIso) return '';
  const since = Date.parse(sinceIso);
  return Number.isNaN(since) ? '' : formatClock((now - since) / 1000, locale);
}

/** A length of time in words, largest units first: short ("1 hr, 5 min"; "45 sec") or long ("1 hour, 5 minutes"). */
export function formatDuration(totalSeconds: number, locale: string, width: 'short' | 'long' = 'short'): string {
  const s = Number.isFinite(totalSeconds) ? Math.max(0, Math.round(totalSeconds)) : 0;
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['hour', Math.floor(s / 3600)],
    ['minute', Math.floor((s % 3600) / 60)],
    ['second', s % 60],
  ];
  const shown = units.filter(([, n]) => n > 0).map(([unit, n]) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: width }).format(n));
  if (shown.length === 0) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: width }).format(0);
  return new Intl.ListFormat(locale, { type: 'unit', style: width }).format(shown);
}
