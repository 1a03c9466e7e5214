/**
 * Scheduling in the patient view's appointments section (shown only once the caller is verified for it; main checks
 * again on every call): the upcoming appointments with Move and Cancel, the search for a free time, and one live
 * region that says what the search found or what became of a booking.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../../shared/domain/patient';
import { AppointmentList } from './AppointmentList';
import { SlotSearchForm } from './SlotSearchForm';
import { Instructions, SlotResults } from './SlotResults';
import { useScheduling } from './store';
import { offerLine, searchEnd, slotWhen } from './offer';

export function SchedulingPanel({ patientId, upcoming }: { patientId: string; upcoming: AppointmentView[] }) {
  const { t, i18n } = useTranslation();
  const { open, moving, stopMove, error } = useScheduling();
  useEffect(() => {
    open(patientId);
  }, [open, patientId]);
  return (
    <div className="scheduling" data-testid="scheduling">
      <AppointmentList upcoming={upcoming} />
      {moving && (
        <p className="schedule-moving" data-testid="schedule-moving">
          {t('scheduling.moving', { when: moving.start ? slotWhen(moving.start, i18n.language) : '—' })}{' '}
          <button type="button" className="link" onClick={stopMove}>
            {t('scheduling.stopMoving')}
          </button>
        </p>
      )}
      <SlotSearchForm />
      <Announcement />
      {error && (
        <p className="form-error" role="alert" data-testid="schedule-error" data-code={error.code}>
          {t(`errors.${error.code}`)}
        </p>
      )}
      <SlotResults />
    </div>
  );
}

/** The live region: the next available (or that nothing is free), or what became of the booking, with its one next action. */
function Announcement() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { slots, searched, outcome, moving, busy, confirm } = useScheduling();
  let text: string | null = null;
  if (outcome?.kind === 'booked' || outcome?.kind === 'moved') text = t(`scheduling.${outcome.kind}`, { when: slotWhen(outcome.slot.start, lang) });
  else if (outcome?.kind === 'cancelled') text = t('scheduling.cancelled');
  else if (outcome?.kind === 'slotTaken') text = `${t('scheduling.taken')} ${outcome.next ? offerLine(t, outcome.next, lang) : t('scheduling.takenNone')}`;
  else if (slots && searched) text = slots[0] ? offerLine(t, slots[0], lang) : t('scheduling.none', { date: searchEnd(searched.to, lang) });
  const next = outcome?.kind === 'slotTaken' ? outcome.next : null;
  return (
    <div className="schedule-announcement" data-testid="schedule-announcement" data-outcome={outcome?.kind ?? (slots ? 'found' : 'none')}>
      <p role="status" aria-live="polite" aria-atomic="true">
        {text}
      </p>
      {(outcome?.kind === 'booked' || outcome?.kind === 'moved') && <Instructions slot={outcome.slot} />}
      {next && (
        <>
          <Instructions slot={next} />
          <button type="button" disabled={busy} onClick={() => void confirm(next)} data-testid="schedule-take-next" data-slot-id={next.id}>
            {t(moving ? 'scheduling.takenMoveNext' : 'scheduling.takenNext', { when: slotWhen(next.start, lang) })}
          </button>
        </>
      )}
    </div>
  );
}
