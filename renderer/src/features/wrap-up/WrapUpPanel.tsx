/**
 * After-call work: disposition, notes, a promised callback, the survey, and a visible after-call-work
 * timer. Ctrl+Enter saves. Saving returns the agent to Available.
 */
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS } from '../../../../shared/domain/dispositions';
import { useAgentStatus } from '../status/store';
import { useCurrentPatient } from '../patient/current-patient';
import { useWrapUp } from './store';
import { toastIfRejected, useToasts } from '../../app/toasts';
import { CoachHints } from '../coach/CoachHints';
import { matchesShortcut } from '../shortcuts/shortcuts';
import { isolateName } from '../patient/PersonName';
import { formatClock } from '../../format/language-duration';

function useSecondsSince(iso: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(t);
    };
  }, []);
  return iso ? Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000)) : 0;
}

export function WrapUpPanel() {
  const { t, i18n } = useTranslation();
  const status = useAgentStatus((s) => s.status);
  const patient = useCurrentPatient((s) => s.match);
  const w = useWrapUp();
  const acw = useSecondsSince(status?.since);
  // At hang-up the wrap-up stands where the call's work was, and the outcome has the focus: the agent types it.
  const outcome = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    outcome.current?.focus();
  }, []);

  const submit = async (e?: SubmitEvent) => {
    e?.preventDefault();
    const saved = await w.save({ callId: null, patientId: patient?.patientId ?? null, handleSeconds: 0, afterCallSeconds: acw });
    if (saved) {
      useToasts.getState().push({ kind: 'info', text: t('wrapUp.saved') });
      await useAgentStatus.getState().load();
    }
  };

  return (
    <form
      className="wrap-up"
      aria-labelledby="wrap-up-title"
      onSubmit={(e) => {
        toastIfRejected(submit(e));
      }}
      onKeyDown={(e) => {
        if (matchesShortcut('wrapUpSave', e.nativeEvent)) toastIfRejected(submit());
      }}
    >
      <h3 id="wrap-up-title">
        {t('wrapUp.title')}{' '}
        <span className="timer" role="timer" aria-label={t('wrapUp.timer')}>
          {formatClock(acw, i18n.language)}
        </span>
      </h3>
      <p className="muted small">{patient ? t('wrapUp.forPatient', { name: isolateName(patient.name) }) : t('wrapUp.noPatient')}</p>
      <div className="field">
        <label htmlFor="wrap-up-disposition">{t('wrapUp.disposition')}</label>
        <select
          id="wrap-up-disposition"
          ref={outcome}
          value={w.disposition}
          required
          onChange={(e) => {
            w.set({ disposition: e.target.value });
          }}
        >
          <option value="">{t('wrapUp.choose')}</option>
          {DISPOSITIONS.all.map((d) => (
            <option key={d.code} value={d.code}>
              {DISPOSITIONS.label(d.code, i18n.language)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="wrap-up-notes">{t('wrapUp.notes')}</label>
        <textarea
          id="wrap-up-notes"
          rows={4}
          maxLength={4000}
          value={w.notes}
          onChange={(e) => {
            w.set({ notes: e.target.value });
          }}
        />
        <CoachHints text={w.notes} />
      </div>
      {(DISPOSITIONS.get(w.disposition)?.followUp ?? 'none') !== 'none' && (
        <div className="field">
          <label htmlFor="wrap-up-follow-up">{t('wrapUp.followUpAt')}</label>
          <input
            id="wrap-up-follow-up"
            type="datetime-local"
            required={DISPOSITIONS.requiresFollowUp(w.disposition)}
            value={w.followUpAt}
            onChange={(e) => {
              w.set({ followUpAt: e.target.value });
            }}
          />
        </div>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={w.survey}
          onChange={(e) => {
            w.set({ survey: e.target.checked });
          }}
        />{' '}
        {t('wrapUp.survey')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          id="wrap-up-sensitive"
          checked={w.sensitive}
          onChange={(e) => {
            w.set({ sensitive: e.target.checked });
          }}
        />{' '}
        {t('confidentialContact.label')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          id="wrap-up-abusive-caller"
          checked={w.abusiveCaller}
          onChange={(e) => {
            w.set({ abusiveCaller: e.target.checked });
          }}
        />{' '}
        {t('notReady.abusiveCaller')}
      </label>
      {w.error && (
        <p className="form-error" role="alert" data-code={w.error.code}>
          {t(`errors.${w.error.code}`)}
        </p>
      )}
      <button type="submit" disabled={w.saving || !w.disposition}>
        {t('wrapUp.save')}
      </button>
      <span className="muted small"> {t('wrapUp.shortcut')}</span>
    </form>
  );
}
