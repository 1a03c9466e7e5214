/** The lead's alerts: newest first, open ones highlighted; acknowledge, step into the call, or resolve. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { shortCallId, type Alert } from '../../../../shared/domain/alerts';
import { formatDuration } from '../../format/language-duration';
import { useBoard } from './store';
import { duration } from './use-now';
import { reasonLabel } from '../status/reason-label';

function describe(a: Alert, t: TFunction, locale: string): string {
  switch (a.kind) {
    case 'escalation': {
      const what = {
        name: a.name,
        target: a.escalation ? t(`escalation.targets.${a.escalation}`) : '',
        reason: a.reason ? t(`escalation.reasons.${a.reason}`) : '',
      };
      // Which call: its short id and when it started (no patient data).
      if (!a.callId) return t('alerts.text.escalation', what);
      const call = shortCallId(a.callId);
      return a.callStartedAt
        ? t('alerts.call.escalation', { ...what, call, time: new Date(a.callStartedAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) })
        : t('alerts.call.escalationNoTime', { ...what, call });
    }
    case 'longCall':
      return t('alerts.text.longCall', { name: a.name, duration: formatDuration(a.thresholdSeconds ?? 0, locale, 'long') });
    case 'longWrapUp':
      return t('alerts.text.longWrapUp', { name: a.name, duration: formatDuration(a.thresholdSeconds ?? 0, locale, 'long') });
    case 'failedVerification':
      return t('alerts.text.failedVerification', { name: a.name });
    case 'notReadyLimit':
      return t('notReady.alertText.notReadyLimit', {
        name: a.name,
        reason: reasonLabel(t, a.notReady),
        limit: duration(a.thresholdSeconds ?? 0),
      });
    case 'hardCall':
      return t('notReady.alertText.hardCall', {
        name: a.name,
        kinds: (a.hardCall?.kinds ?? []).map((k) => t(`notReady.kinds.${k}`)).join(', '),
        count: a.hardCall?.inARow ?? 0,
      });
  }
}

/** The alert's kind as a heading. */
function kindLabel(a: Alert, t: TFunction): string {
  return t(`alerts.kind.${a.kind}`);
}

export function AlertsPanel() {
  const { t, i18n } = useTranslation();
  const { alerts, acknowledge, followUp, rows } = useBoard();
  const open = alerts.filter((a) => a.status !== 'resolved');
  return (
    <section className="alerts-panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {open.length === 0 && <p className="muted">{t('alerts.none')}</p>}
      <ul className="alerts" aria-live="polite">
        {open.map((a) => (
          <li
            key={a.id}
            className={`alert alert-${a.kind} alert-${a.status}`}
            data-testid="alert"
            data-kind={a.kind}
            data-status={a.status}
            data-agent={a.agent}
            data-call={a.callId ?? undefined}
          >
            <div className="alert-text">
              <strong>{kindLabel(a, t)}</strong> {describe(a, t, i18n.language)}
              <span className="muted"> · {new Date(a.raisedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })}</span>
              {a.outcome && (
                <span className="alert-outcome" data-testid="alert-outcome" data-outcome={a.outcome}>
                  {' '}
                  {t(`calls.leadOutcome.${a.outcome}`)}
                </span>
              )}
            </div>
            <div className="alert-actions">
              {a.status === 'open' && (
                <button type="button" onClick={() => void acknowledge(a.id)}>
                  {t('alerts.acknowledge')}
                </button>
              )}
              {rows[a.agent]?.callSince && (
                <>
                  <button type="button" onClick={() => void followUp(a.id, 'listen')}>
                    {t('board.modes.listen')}
                  </button>
                  <button type="button" onClick={() => void followUp(a.id, 'whisper')}>
                    {t('board.modes.whisper')}
                  </button>
                </>
              )}
              <button type="button" onClick={() => void followUp(a.id, 'resolved')}>
                {t('alerts.resolve')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
