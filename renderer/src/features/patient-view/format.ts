import { formatFhirDate } from '../../../../shared/domain/fhir-date';

/** Locale-aware formatting for the patient view. Dates from FHIR are ISO strings (date or dateTime, possibly partial: "1963"). */
export function formatDate(iso: string | null, lang: string): string {
  if (!iso) return '—';
  if (iso.length <= 10) return formatFhirDate(iso, lang) ?? '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString(lang, { dateStyle: 'medium' });
}

export function formatDateTime(iso: string | null, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatMoney(amount: number | null, currency: string | null, lang: string): string {
  if (amount === null) return '—';
  try {
    return amount.toLocaleString(lang, { style: 'currency', currency: currency ?? 'USD' });
  } catch {
    return amount.toFixed(2);
  }
}
