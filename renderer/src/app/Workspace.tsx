/**
 * The agent workspace frame: call bar on top, patient pane and guidance pane side by side. A team
 * lead's desktop adds the team view (board, alerts, KPIs) and opens on it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallBar } from '../features/callbar/CallBar';
import { PatientPane } from '../features/patient/PatientPane';
import { GuidancePane } from '../features/guidance/GuidancePane';
import { LeadView } from '../features/board/LeadView';
import { ErrorBoundary } from './ErrorBoundary';
import { Toasts } from './Toasts';
import { useApp } from './app-store';
import { PracticeBanner } from '../features/practice/PracticeBanner';
import { PracticePanel } from '../features/practice/PracticePanel';
import { useScreenPop } from '../features/screen-pop/store';

export function Workspace() {
  const { t } = useTranslation();
  const practice = useApp((s) => s.info?.mode === 'practice');
  const lead = useApp((s) => s.info?.role === 'teamLead');
  const [view, setView] = useState<'team' | 'calls'>('team');
  const showTeam = lead && view === 'team';
  const resumeHeldPops = useScreenPop((s) => s.resumeHeld);
  useEffect(() => {
    void resumeHeldPops();
  }, [resumeHeldPops]);
  return (
    <div className={practice ? 'workspace practice-mode' : 'workspace'}>
      <a className="skip-link" href="#workspace-main">
        {t('app.skipToWorkspace')}
      </a>
      {practice && <PracticeBanner />}
      {/* In practice mode the banner takes its own row and the rest scrolls below it, never under it. */}
      <div className="workspace-body">
        <ErrorBoundary area="callbar">
          <CallBar />
        </ErrorBoundary>
        {practice && (
          <ErrorBoundary area="practice">
            <PracticePanel />
          </ErrorBoundary>
        )}
        {lead && (
          <nav className="view-switch" aria-label={t('board.views')}>
            <button
              type="button"
              aria-pressed={view === 'team'}
              onClick={() => {
                setView('team');
              }}
            >
              {t('board.teamView')}
            </button>
            <button
              type="button"
              aria-pressed={view === 'calls'}
              onClick={() => {
                setView('calls');
              }}
            >
              {t('board.myCalls')}
            </button>
          </nav>
        )}
        {showTeam ? (
          <main id="workspace-main" className="panes lead">
            <LeadView />
          </main>
        ) : (
          <main id="workspace-main" className="panes">
            <ErrorBoundary area="patient">
              <PatientPane />
            </ErrorBoundary>
            <ErrorBoundary area="guidance">
              <GuidancePane />
            </ErrorBoundary>
          </main>
        )}
      </div>
      <Toasts />
    </div>
  );
}
