import { useTranslation } from 'react-i18next';
import { useAgentStatus } from '../status/store';
import { WrapUpPanel } from '../wrap-up/WrapUpPanel';

/** The guidance pane: during a call, verification, prompts and escalation; after it, wrap-up. */
export function GuidancePane() {
  const { t } = useTranslation();
  const state = useAgentStatus((s) => s.status?.state);
  return (
    <section className="pane guidance" aria-labelledby="guidance-title">
      <h2 id="guidance-title">{t('guidance.title')}</h2>
      {state === 'wrapUp' ? <WrapUpPanel /> : <p className="muted">{t('guidance.idle')}</p>}
    </section>
  );
}
