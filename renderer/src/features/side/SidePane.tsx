/**
 * The third column: what the agent looks up and what waits for the team (the worklist). Beside the call's work on
 * a wide screen; under it on a 1280-pixel one.
 */
import { useTranslation } from 'react-i18next';
import { WorklistPanel } from '../worklist/WorklistPanel';
import { KnowledgePane } from '../knowledge/KnowledgePane';
import { MyDayPanel } from '../my-day/MyDayPanel';

export function SidePane() {
  const { t } = useTranslation();
  return (
    <section className="pane side" aria-label={t('layout.side')}>
      <KnowledgePane />
      <WorklistPanel />
      <MyDayPanel />
    </section>
  );
}
