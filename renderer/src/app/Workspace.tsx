/** The agent workspace frame: call bar on top, patient pane and guidance pane side by side. */
import { useTranslation } from 'react-i18next';
import { CallBar } from '../features/callbar/CallBar';
import { PatientPane } from '../features/patient/PatientPane';
import { GuidancePane } from '../features/guidance/GuidancePane';
import { ErrorBoundary } from './ErrorBoundary';
import { Toasts } from './Toasts';
import { useApp } from './app-store';
import { PracticeBanner } from '../features/practice/PracticeBanner';
import { PracticePanel } from '../features/practice/PracticePanel';

export function Workspace() {
  const { t } = useTranslation();
  const practice = useApp((s) => s.info?.mode === 'practice');
  return (
    <div className={practice ? 'workspace practice-mode' : 'workspace'}>
      <a className="skip-link" href="#workspace-main">
        {t('app.skipToWorkspace')}
      </a>
      {practice && <PracticeBanner />}
      <ErrorBoundary area="callbar">
        <CallBar />
      </ErrorBoundary>
      {practice && (
        <ErrorBoundary area="practice">
          <PracticePanel />
        </ErrorBoundary>
      )}
      <main id="workspace-main" className="panes">
        <ErrorBoundary area="patient">
          <PatientPane />
        </ErrorBoundary>
        <ErrorBoundary area="guidance">
          <GuidancePane />
        </ErrorBoundary>
      </main>
      <Toasts />
    </div>
  );
}
