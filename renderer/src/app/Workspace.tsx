/** The agent workspace frame: call bar on top, patient pane and guidance pane side by side. */
import { useTranslation } from 'react-i18next';
import { CallBar } from '../features/callbar/CallBar';
import { PatientPane } from '../features/patient/PatientPane';
import { GuidancePane } from '../features/guidance/GuidancePane';
import { ErrorBoundary } from './ErrorBoundary';
import { Toasts } from './Toasts';

export function Workspace() {
  const { t } = useTranslation();
  return (
    <div className="workspace">
      <a className="skip-link" href="#workspace-main">
        {t('app.skipToWorkspace')}
      </a>
      <ErrorBoundary area="callbar">
        <CallBar />
      </ErrorBoundary>
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
