/** What the agent searches free slots by, as the form holds it (dates as the date inputs give them), and the query it makes. */
import type { SlotQuery } from '../../../../shared/domain/scheduling';

export interface Criteria {
  serviceType: string;
  practitionerId: string;
  locationId: string;
  /** yyyy-mm-dd, in the agent's time zone. */
  fromDate: string;
  toDate: string;
}

/** The form's default span: from now, 30 days. */
export const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const dateInput = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const localDay = (s: string): Date => {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
};
const addDays = (s: string, days: number): string => {
  const d = localDay(s);
  d.setDate(d.getDate() + days);
  return dateInput(d);
};

export const defaultCriteria = (now = new Date()): Criteria => {
  const today = dateInput(now);
  return { serviceType: '', practitionerId: '', locationId: '', fromDate: today, toDate: addDays(today, DEFAULT_DAYS) };
};

/** From the start of the first day (or now, if that is later) to the end of the last. */
export function toQuery(c: Criteria, now: Date): SlotQuery {
  const start = localDay(c.fromDate);
  const from = start.getTime() < now.getTime() ? now : start;
  const end = localDay(c.toDate);
  end.setDate(end.getDate() + 1);
  return {
    ...(c.serviceType ? { serviceType: c.serviceType } : {}),
    ...(c.practitionerId ? { practitionerId: c.practitionerId } : {}),
    ...(c.locationId ? { locationId: c.locationId } : {}),
    from: from.toISOString(),
    to: new Date(Math.max(end.getTime(), from.getTime() + 60_000)).toISOString(),
    limit: 10,
  };
}

/** The search made wider: 30 days further (the start moves on when the span would pass the longest allowed), or anyone anywhere. */
export function widened(c: Criteria, how: 'later' | 'anyone', maxDays: number): Criteria {
  if (how === 'anyone') return { ...c, practitionerId: '', locationId: '' };
  const toDate = addDays(c.toDate, DEFAULT_DAYS);
  const span = Math.round((localDay(toDate).getTime() - localDay(c.fromDate).getTime()) / DAY_MS);
  return { ...c, toDate, fromDate: span >= maxDays ? c.toDate : c.fromDate };
}
