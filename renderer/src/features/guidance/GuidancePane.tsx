import { useTranslation } from 'react-i18next';
import { useAgentStatus } from '../status/store';
import { WrapUpPanel } from '../wrap-up/WrapUpPanel';
import { VerificationPanel } from '../verification/VerificationPanel';
import { EscalationPanel } from '../escalation/EscalationPanel';
import { EmpathyPrompts } from '../prompts/EmpathyPrompts';
import { useCurrentPatient } from '../patient/current-patient';
import { CallReasonPicker } from '../call-reason/CallReasonPicker';
import { GuidePanel } from '../guides/GuidePanel';

/** The call's work: during a call, its reason and guide, verification, prompts and escalation; after it, the wrap-up. */
export function GuidancePane() {
  const { t } = useTranslation();
  const state = useAgentStatus((s) => s.status?.state);
  const hasPatient = useCurrentPatient((s) => s.verification !== null);
  return (
    <section className="pane guidance" aria-labelledby="guidance-title">
      <h2 id="guidance-title">{t('guidance.title')}</h2>
      {state === 'wrapUp' ? (
        <WrapUpPanel />
      ) : (
        <>
          <CallReasonPicker />
          <GuidePanel />
          {hasPatient ? <VerificationPanel /> : <p className="muted">{t('guidance.idle')}</p>}
          <EmpathyPrompts />
          <EscalationPanel />
        </>
      )}
    </section>
  );
}
