import { useTranslation } from 'react-i18next';
import { useAgentStatus } from '../status/store';
import { WrapUpPanel } from '../wrap-up/WrapUpPanel';
import { VerificationPanel } from '../verification/VerificationPanel';
import { EscalationPanel } from '../escalation/EscalationPanel';
import { EmpathyPrompts } from '../prompts/EmpathyPrompts';
import { useCurrentPatient } from '../patient/current-patient';
import { WorklistPanel } from '../worklist/WorklistPanel';
import { CallReasonPicker } from '../call-reason/CallReasonPicker';
import { KnowledgePane } from '../knowledge/KnowledgePane';

/** The guidance pane: during a call, verification, prompts and escalation; after it, wrap-up; and the team's worklist. */
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
          <KnowledgePane />
          {hasPatient ? <VerificationPanel /> : <p className="muted">{t('guidance.idle')}</p>}
          <EmpathyPrompts />
          <EscalationPanel />
          <WorklistPanel />
        </>
      )}
    </section>
  );
}
