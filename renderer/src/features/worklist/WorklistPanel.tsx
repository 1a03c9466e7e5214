/**
 * The team's worklist: callbacks, billing disputes and referral follow-ups, overdue first then by due time. The agent
 * claims an item, sees what a billing dispute or referral follow-up is about (the invoice or referral, and why), calls its number with one key (Enter on the item: it is claimed first if it is still open), and
 * completes it with an outcome. Arrow keys move between items. Without an EHR server the panel says there is no
 * worklist on this desk.
 */
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoadEvery } from '../../app/use-load-every';
import { WORKLIST_OUTCOMES, type WorklistItem, type WorklistOutcome } from '../../../../shared/domain/worklist';
import { isolateName } from '../patient/PersonName';
import { usePhoneNumber } from '../../format/use-phone-number';
import { useWorklist } from './store';

export function WorklistPanel() {
  const { t } = useTranslation();
  const view = useWorklist((s) => s.view);
  const error = useWorklist((s) => s.error);
  const notice = useWorklist((s) => s.notice);
  const load = useWorklist((s) => s.load);
  const refreshSeconds = view?.configured ? view.refreshSeconds : null;

  useLoadEvery(load, refreshSeconds ? refreshSeconds * 1000 : null);

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <h3 id="worklist-title">
        {t('worklist.title')}
        {view?.configured && (
          <button type="button" onClick={() => void load()}>
            {t('worklist.refresh')}
          </button>
        )}
      </h3>
      {error && (
        <p role="alert" className="worklist-error">
          {t('worklist.failed', { reason: t(`errors.${error}`) })}
        </p>
      )}
      {!view && !error && <p className="muted">{t('worklist.loading')}</p>}
      {view && !view.configured && <p className="muted worklist-not-configured">{t('worklist.notConfigured')}</p>}
      <p role="status" className="worklist-notice">
        {notice ? (notice.kind === 'done' ? t(`worklist.done.${notice.key}`) : t(`worklist.refused.${notice.key}`)) : ''}
      </p>
      {view?.configured && <WorklistItems />}
    </section>
  );
}

function WorklistItems() {
  const { t, i18n } = useTranslation();
  const phoneNumber = usePhoneNumber();
  const view = useWorklist((s) => s.view);
  if (!view) return null;
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  /** Arrow keys move between items; Enter on an item calls its number. */
  const onKey = (e: KeyboardEvent<HTMLLIElement>, item: WorklistItem) => {
    if (e.target !== e.currentTarget) return;
    const li = e.currentTarget;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling;
      if (next instanceof HTMLElement) next.focus();
    } else if (e.key === 'Enter' && item.number) {
      e.preventDefault();
      void useWorklist.getState().dial(item);
    }
  };
  return (
    <>
      <p id="worklist-keys" className="muted">
        {t('worklist.keysHint')}
      </p>
      {view.malformed > 0 && <p className="muted">{t('worklist.notShown', { count: view.malformed })}</p>}
      {view.items.length === 0 ? (
        <p className="muted">{t('worklist.empty')}</p>
      ) : (
        <ul className="worklist-items" data-count={view.items.length} aria-label={t('worklist.listLabel')} aria-describedby="worklist-keys">
          {view.items.map((item) => (
            <li
              key={item.id}
              data-task-id={item.id}
              data-status={item.status}
              tabIndex={0}
              className={item.overdue ? 'worklist-item overdue' : 'worklist-item'}
              aria-keyshortcuts={item.number ? 'Enter' : undefined}
              onKeyDown={(e) => {
                onKey(e, item);
              }}
            >
              <div className="worklist-head">
                <strong>{t(`worklist.kinds.${item.kind}`)}</strong>
                {item.overdue && <span className="badge badge-bad">{t('worklist.overdue')}</span>}
                <span>{item.due ? t('worklist.due', { time: time.format(new Date(item.due)) }) : t('worklist.noDue')}</span>
              </div>
              <div>
                {item.patient?.name ? isolateName(item.patient.name) : t('worklist.unknownPatient')}
                {' · '}
                {item.number ? <bdi dir="ltr">{phoneNumber(item.number)}</bdi> : t('worklist.noNumber')}
                {item.origin && <span className="muted"> · {t(`worklist.origins.${item.origin}`)}</span>}
              </div>
              {item.focus && (
                <div className="worklist-about" data-focus={`${item.focus.type}/${item.focus.id}`}>
                  {t(`worklist.focus.${item.focus.type}`)} <bdi dir="ltr">{item.focus.id}</bdi>
                  {item.reason && (
                    <>
                      {' · '}
                      {t('worklist.reason')} <bdi>{item.reason}</bdi>
                    </>
                  )}
                </div>
              )}
              <div className="muted">
                {item.owner.kind === 'pool'
                  ? t('worklist.owner.pool')
                  : item.owner.mine
                    ? t('worklist.owner.mine')
                    : t('worklist.owner.other', { agent: item.owner.agent })}
              </div>
              <WorklistActions item={item} />
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{t('worklist.readAt', { time: time.format(new Date(view.readAt)) })}</p>
    </>
  );
}

function WorklistActions({ item }: { item: WorklistItem }) {
  const { t } = useTranslation();
  const phoneNumber = usePhoneNumber();
  const busy = useWorklist((s) => s.busy === item.id);
  const [outcome, setOutcome] = useState<WorklistOutcome>('reached');
  const w = useWorklist.getState();
  const mine = item.owner.kind === 'agent' && item.owner.mine;
  const theirs = item.owner.kind === 'agent' && !item.owner.mine;
  const outcomeId = `worklist-outcome-${item.id}`;
  return (
    <div className="worklist-actions">
      {item.status === 'open' && (
        <button type="button" disabled={busy} onClick={() => void w.claim(item)}>
          {t('worklist.claim')}
        </button>
      )}
      {item.number && !theirs && (
        <button type="button" disabled={busy} onClick={() => void w.dial(item)}>
          {t('worklist.dial', { number: phoneNumber(item.number) })}
        </button>
      )}
      {mine && (
        <>
          <button type="button" disabled={busy} onClick={() => void w.release(item)}>
            {t('worklist.release')}
          </button>
          <label htmlFor={outcomeId}>{t('worklist.outcomeLabel')}</label>
          <select
            id={outcomeId}
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value as WorklistOutcome);
            }}
          >
            {WORKLIST_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`worklist.outcomes.${o}`)}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy} onClick={() => void w.complete(item, outcome)}>
            {t('worklist.complete')}
          </button>
        </>
      )}
    </div>
  );
}
