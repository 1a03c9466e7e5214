/** How the EHR link's numbers and times read in the agent's language (Intl). */

/** "12,345" / "12.345" / "12 345". */
export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** "12 sec. ago", "5 min. ago", "yesterday": how long ago `iso` was at `now` (a time ahead of `now` reads as now). */
export function timeAgo(iso: string, now: number, language: string): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  if (seconds < 60) return rtf.format(-seconds, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  if (seconds < 86_400) return rtf.format(-Math.floor(seconds / 3600), 'hour');
  return rtf.format(-Math.floor(seconds / 86_400), 'day');
}

/** The clock time of `iso` ("10:42"), with the date when it is not the same day as `now`. */
export function clockTime(iso: string, now: number, language: string): string {
  const d = new Date(iso);
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return d.toLocaleString(language, sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
}

/** Date and time in full, for the details ("Dec 1, 2026, 10:42:13 AM"). */
export function fullTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'medium' });
}
