/**
 * The EHR link in the call bar: one line saying where it stands ("EHR link not configured", "Synced
 * 12 sec. ago", the first load's progress, "EHR unreachable — working from the local copy"), what
 * waits in the outbox, and a disclosure with the server, the last sync and the last problem.
 *
 * The line is a polite live region. What ticks ("12 sec. ago") is shown to the eye only; assistive
 * technology gets the same sentence with the clock time ("at 10:42"), so it is not re-announced
 * every second. Each state has its own symbol and words, never a colour alone.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EhrLinkState, EhrLinkStatus } from '../../../../shared/domain/ehr-link';
import { useNow } from '../board/use-now';
import { clockTime, formatCount, fullTime, timeAgo } from './format';
import { OutboxProblems } from './OutboxProblems';
import { useEhrLink } from './store';

const SYMBOL: Record<EhrLinkState, string> = {
  notConfigured: '○',
  connecting: '↻',
  initialLoad: '↓',
  live: '✓',
  polling: '✓',
  offline: '⚠',
  authFailed: '⚠',
};

const TONE: Record<EhrLinkState, 'idle' | 'busy' | 'ok' | 'warn' | 'bad'> = {
  notConfigured: 'idle',
  connecting: 'busy',
  initialLoad: 'busy',
  live: 'ok',
  polling: 'ok',
  offline: 'warn',
  authFailed: 'bad',
};

/** Whether the state's sentence says when the copy was last synced (and so ticks). */
/** The last sync's time where the sentence names it (a state that says when), else null. */
const lastSyncToSay = (s: EhrLinkStatus): string | null => (['live', 'polling', 'offline', 'authFailed'].includes(s.state) ? s.lastSyncAt : null);

export function EhrLinkIndicator() {
  const { t, i18n } = useTranslation();
  const status = useEhrLink((s) => s.status);
  const load = useEhrLink((s) => s.load);
  useEffect(() => void load(), [load]);
  const now = useNow(status && lastSyncToSay(status) !== null ? 1000 : 60_000);
  if (!status) return null;
  const lang = i18n.language;

  /** The state's sentence, with `when` (a time ago, or a clock time) where it names the last sync. */
  const sentence = (when: string): string => {
    const { state, initialLoad } = status;
    if (state === 'notConfigured' || state === 'connecting') return t(`ehr.state.${state}`);
    if (state === 'initialLoad') {
      if (!initialLoad || initialLoad.filesTotal === null) return t('ehr.state.preparing');
      return t('ehr.loading', {
        count: initialLoad.resourcesDone,
        resources: formatCount(initialLoad.resourcesDone, lang),
        done: formatCount(initialLoad.filesDone, lang),
        total: formatCount(initialLoad.filesTotal, lang),
      });
    }
    if (state === 'live' || state === 'polling') return t('ehr.state.synced', { when });
    return status.lastSyncAt ? t(`ehr.state.${state}`, { when }) : t(`ehr.state.${state}Never`);
  };
  const lastSync = lastSyncToSay(status);
  const shown = sentence(lastSync !== null ? timeAgo(lastSync, now, lang) : '');
  const spoken = lastSync !== null ? sentence(t('ehr.atTime', { time: clockTime(lastSync, now, lang) })) : shown;
  const { waiting, failed, oldestWaitingSince, failingSince } = status.outbox;

  return (
    <div className={`ehr-link ehr-${TONE[status.state]}`} role="group" aria-label={t('ehr.label')} data-testid="ehr-link" data-state={status.state}>
      <div className="ehr-link-line" role="status" aria-live="polite" data-testid="ehr-link-status">
        <span className="ehr-symbol" aria-hidden="true">
          {SYMBOL[status.state]}
        </span>
        {lastSync !== null ? (
          <>
            <span aria-hidden="true">{shown}</span>
            <span className="visually-hidden">{spoken}</span>
          </>
        ) : (
          <span>{shown}</span>
        )}
        {waiting > 0 && (
          <span className="ehr-outbox ehr-outbox-waiting" data-testid="ehr-outbox-waiting">
            <span aria-hidden="true">⏳ </span>
            {t('ehr.outbox.waiting', { count: waiting, n: formatCount(waiting, lang) })}
            {failingSince && (
              <span data-testid="ehr-outbox-failing-since">
                {', '}
                {t('ehr.outbox.unreachableSince', { time: clockTime(failingSince, now, lang) })}
              </span>
            )}
          </span>
        )}
        {failed > 0 && (
          <span className="ehr-outbox ehr-outbox-failed" data-testid="ehr-outbox-failed">
            <span aria-hidden="true">✕ </span>
            {t('ehr.outbox.failed', { count: failed, n: formatCount(failed, lang) })}
          </span>
        )}
      </div>
      <details className="ehr-link-details">
        <summary>{t('ehr.details.open')}</summary>
        <div className="ehr-link-panel" data-testid="ehr-link-details">
          <p>{t(`ehr.details.about.${status.state}`)}</p>
          <dl>
            <div>
              <dt>{t('ehr.details.server')}</dt>
              <dd>{status.server ? <bdi dir="ltr">{status.server}</bdi> : t('ehr.details.noServer')}</dd>
            </div>
            {status.configured && (
              <div>
                <dt>{t('ehr.details.lastSync')}</dt>
                <dd>{status.lastSyncAt ? fullTime(status.lastSyncAt, lang) : t('ehr.details.never')}</dd>
              </div>
            )}
            {status.initialLoad?.serverProgress && (
              <div>
                <dt>{t('ehr.details.serverProgress')}</dt>
                <dd>
                  <bdi>{status.initialLoad.serverProgress}</bdi>
                </dd>
              </div>
            )}
            {oldestWaitingSince && (
              <div>
                <dt>{t('ehr.details.oldestWaiting')}</dt>
                <dd>{fullTime(oldestWaitingSince, lang)}</dd>
              </div>
            )}
            {status.lastError && (
              <div>
                <dt>{t('ehr.details.lastError')}</dt>
                <dd data-testid="ehr-last-error" data-code={status.lastError}>
                  {t(`errors.${status.lastError}`)}
                </dd>
              </div>
            )}
          </dl>
          {status.configured && <OutboxProblems version={`${waiting}/${failed}/${failingSince ?? ''}`} />}
        </div>
      </details>
    </div>
  );
}
