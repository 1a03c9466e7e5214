/** How a free slot is said to the caller, in the agent's language: "The next available is Monday 8 December at 09:00 with Dr Kim at Riverside Clinic". */
import type { TFunction } from 'i18next';
import type { SlotView } from '../../../../shared/domain/scheduling';

/** The slot's day and time, written out (weekday, day, month, time) with Intl in the agent's language. */
export function slotWhen(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The day a search ended on (when nothing was free up to it). */
export function searchEnd(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(Date.parse(iso) - 1));
}

/** The first slot offered as good agents offer it: when, with whom, where (each part only when known). */
export function offerLine(t: TFunction, slot: SlotView, lang: string): string {
  const when = slotWhen(slot.start, lang);
  const who = slot.practitioner?.name ?? null;
  const where = slot.location?.name ?? null;
  if (who && where) return t('scheduling.offer.full', { when, who, where });
  if (who) return t('scheduling.offer.who', { when, who });
  if (where) return t('scheduling.offer.where', { when, where });
  return t('scheduling.offer.when', { when });
}
