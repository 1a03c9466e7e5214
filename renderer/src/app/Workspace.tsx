/**
 * The agent workspace frame: the call bar on top, always in view; below it the patient, the call's work and the side
 * pane (look-ups, the worklist), each scrolling on its own: three columns on a wide screen, two at 1280 pixels. A team
 * lead's desktop adds the team view (board, alerts, KPIs) and opens on it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallBar } from '../features/callbar/CallBar';
import { PatientPane } from '../features/patient/PatientPane';
import { GuidancePane } from '../features/guidance/GuidancePane';
import { SidePane } from '../features/side/SidePane';
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
            {/* One column on a 1280-pixel screen (the call's work, then the side pane); two on a wide one. */}
            <div className="work-column">
              <ErrorBoundary area="guidance">
                <GuidancePane />
              </ErrorBoundary>
              <ErrorBoundary area="side">
                <SidePane />
              </ErrorBoundary>
            </div>
          </main>
        )}
      </div>
      <Toasts />
    </div>
  );
}
