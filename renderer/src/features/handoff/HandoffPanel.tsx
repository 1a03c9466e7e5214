/** What the sending desk established about the caller: who verified them, when and how, why, and the notes. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../patient-view/format';
import { useCurrentPatient } from '../patient/current-patient';
import { useHandoff } from './store';

export function HandoffPanel() {
  const { t, i18n } = useTranslation();
  const view = useHandoff((s) => s.view);
  const verification = useCurrentPatient((s) => s.verification);
  if (!view) return null;
  if (view.status === 'unconfirmed')
    return (
      <section className="handoff handoff-unconfirmed" role="alert" data-testid="handoff" data-status="unconfirmed" data-refusal={view.refusal}>
        <p>{t('handoff.unconfirmed')}</p>
      </section>
    );
  const agent = view.senderAgent;
  const identifiers = view.verification.matched.map((id) => t(`verification.identifiers.${id}`)).join(t('handoff.listSeparator'));
  const rechecked = verification?.patientId === view.patient.patientId && verification.status === 'verified';
  return (
    <section className="handoff" aria-labelledby="handoff-title" data-testid="handoff" data-status="confirmed">
      <h3 id="handoff-title">{t('handoff.title', { target: t(`escalation.targets.${view.escalation}`) })}</h3>
      <p data-testid="handoff-verified">
        {view.verification.status === 'verified'
          ? t('handoff.verifiedBy', { agent, time: formatDateTime(view.verification.verifiedAt, i18n.language), identifiers })
          : view.verification.status === 'failed'
            ? t('handoff.failed', { agent })
            : t('handoff.notVerified', { agent })}
      </p>
      {view.caller.kind === 'proxy' && <p className="muted small">{t('handoff.proxy')}</p>}
      <dl className="handoff-facts">
        <dt>{t('handoff.reason')}</dt>
        <dd>{t(`escalation.reasons.${view.reason}`)}</dd>
        <dt>{t('handoff.sent')}</dt>
        <dd>{formatDateTime(view.sentAt, i18n.language)}</dd>
        {view.notes && (
          <>
            <dt>{t('handoff.notes')}</dt>
            <dd className="handoff-notes" data-testid="handoff-notes">
              {view.notes}
            </dd>
          </>
        )}
      </dl>
      {view.recheck && !rechecked && (
        <p className="handoff-recheck" role="status" data-testid="handoff-recheck">
          {t('handoff.recheck')}
        </p>
      )}
    </section>
  );
}
