/**
 * The writes to the EHR that cannot go (inside the EHR link's details): each one's kind of record, whether the EHR
 * refused it or it still waits, why (the error code, translated), its tries and when it was made; the agent may try
 * it again now, or give it up with a reason (kept in the audit log). Nothing here is patient data. The list is read
 * again whenever the outbox counts change.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxProblem } from '../../../../shared/ehr/write-back';
import type { CarefrontError } from '../../../../shared/errors';
import { toastError, useToasts } from '../../app/toasts';
import { fullTime } from './format';
import { useEhrLink } from './store';

export function OutboxProblems({ version }: { version: string }) {
  const { t, i18n } = useTranslation();
  const { outboxProblems, retryWrite, dismissWrite } = useEhrLink.getState();
  const [problems, setProblems] = useState<OutboxProblem[]>([]);
  const [dismissing, setDismissing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  /** Bumped after the agent's action: the list is read again (as when the counts change). */
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let current = true;
    void outboxProblems().then((list) => {
      if (current && list) setProblems(list);
    });
    return () => {
      current = false;
    };
  }, [version, asked, outboxProblems]);

  /** The agent is told how it went; the list is read again. */
  const told = (r: { ok: true } | { ok: false; error: CarefrontError }, text: string) => {
    if (r.ok) useToasts.getState().push({ kind: 'info', text });
    else toastError(r.error);
    setAsked((n) => n + 1);
  };
  const retry = async (jobId: string) => {
    told(await retryWrite(jobId), t('ehr.problems.retried'));
  };
  const dismiss = async (jobId: string) => {
    const r = await dismissWrite(jobId, reason);
    if (r.ok) {
      setDismissing(null);
      setReason('');
    }
    told(r, t('ehr.problems.dismissed'));
  };

  if (problems.length === 0) return null;
  return (
    <section className="ehr-problems" aria-label={t('ehr.problems.title')} data-testid="ehr-outbox-problems">
      <h3>{t('ehr.problems.title')}</h3>
      <ul>
        {problems.map((p) => (
          <li key={p.jobId} data-testid="ehr-outbox-problem" data-job={p.jobId} data-state={p.state}>
            <div>
              <strong>{t(`ehrWrite.kinds.${p.kind ?? 'other'}`)}</strong> — {t(`ehr.problems.${p.state}`)}
              {p.code && <span data-code={p.code}> — {t(`errors.${p.code}`)}</span>}
            </div>
            <div className="ehr-problem-meta">
              {t('ehr.problems.tries', { n: p.attempts })} · {t('ehr.problems.made', { time: fullTime(p.createdAt, i18n.language) })}
            </div>
            {dismissing === p.jobId ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void dismiss(p.jobId);
                }}
              >
                <label>
                  {t('ehr.problems.reason')}
                  <input
                    value={reason}
                    onChange={(e) => {
                      setReason(e.target.value);
                    }}
                    minLength={3}
                    maxLength={300}
                    required
                    data-testid="ehr-dismiss-reason"
                  />
                </label>
                <button type="submit" disabled={reason.trim().length < 3} data-testid="ehr-dismiss-confirm">
                  {t('ehr.problems.confirm')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setDismissing(null);
                  }}
                >
                  {t('ehr.problems.cancel')}
                </button>
              </form>
            ) : (
              <div className="ehr-problem-actions">
                <button
                  type="button"
                  onClick={() => {
                    void retry(p.jobId);
                  }}
                  data-testid="ehr-retry"
                >
                  {t('ehr.problems.retry')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setDismissing(p.jobId);
                  }}
                  data-testid="ehr-dismiss"
                >
                  {t('ehr.problems.dismiss')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
