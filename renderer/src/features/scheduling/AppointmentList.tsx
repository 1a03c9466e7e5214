/** The patient's upcoming appointments, each with Move and Cancel (cancelling asks for one of the HL7 reasons). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../../shared/domain/patient';
import { CANCEL_REASONS, type CancelReason } from '../../../../shared/domain/scheduling';
import { useScheduling } from './store';
import { slotWhen } from './offer';
import { useShortcut } from '../shortcuts/shortcuts';

export function AppointmentList({ upcoming }: { upcoming: AppointmentView[] }) {
  const { t } = useTranslation();
  const startMove = useScheduling((s) => s.startMove);
  // Alt+T: another time for the next appointment the server holds (its free times searched at once).
  const next = [...upcoming].sort(soonestFirst).find(movable);
  useShortcut(
    'move',
    () => {
      if (next) startMove(next);
    },
    !!next,
  );
  if (upcoming.length === 0) return <p className="muted">{t('view.none')}</p>;
  return (
    <ul className="rows schedule-appointments" aria-label={t('scheduling.upcoming')}>
      {[...upcoming].sort(soonestFirst).map((a) => (
        <AppointmentRow key={a.id} appointment={a} />
      ))}
    </ul>
  );
}

/** Only an appointment the server holds (with its version) can be moved or cancelled there. */
const movable = (a: AppointmentView): boolean => a.version !== null && a.status !== 'cancelled';

/** The next appointment first. */
const soonestFirst = (a: AppointmentView, b: AppointmentView): number => (a.start ?? '').localeCompare(b.start ?? '');

function AppointmentRow({ appointment: a }: { appointment: AppointmentView }) {
  const { t, i18n } = useTranslation();
  const { startMove, cancel, busy, moving } = useScheduling();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState<CancelReason>('pat');
  const when = a.start ? slotWhen(a.start, i18n.language) : '—';
  const onServer = movable(a);
  return (
    <li className="schedule-appointment" data-appointment-id={a.id} data-moving={moving?.id === a.id}>
      <span>{`${when} · ${a.serviceType ?? a.description ?? '—'}`}</span>
      <span className="muted small">{[a.practitioner, a.location, a.status].filter(Boolean).join(' · ')}</span>
      {onServer && !cancelling && (
        <span className="schedule-actions">
          <button
            type="button"
            className="secondary"
            disabled={busy}
            aria-label={t('scheduling.moveLabel', { when })}
            onClick={() => {
              startMove(a);
            }}
          >
            {t('scheduling.move')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            aria-label={t('scheduling.cancelLabel', { when })}
            onClick={() => {
              setCancelling(true);
            }}
          >
            {t('scheduling.cancel')}
          </button>
        </span>
      )}
      {cancelling && (
        <form
          className="schedule-cancel"
          onSubmit={(e) => {
            e.preventDefault();
            void cancel(a, reason).then(() => {
              setCancelling(false);
            });
          }}
        >
          <label htmlFor={`cancel-reason-${a.id}`}>{t('scheduling.cancelReason')}</label>
          <select
            id={`cancel-reason-${a.id}`}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as CancelReason);
            }}
            autoFocus
          >
            {CANCEL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`scheduling.reasons.${r}`)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy}>
            {t('scheduling.confirmCancel')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setCancelling(false);
            }}
          >
            {t('scheduling.keep')}
          </button>
        </form>
      )}
    </li>
  );
}
