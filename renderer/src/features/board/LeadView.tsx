/** Team-lead mode: the live board beside the alerts, the KPIs below. */
import { useEffect } from 'react';
import { ErrorBoundary } from '../../app/ErrorBoundary';
import { TeamBoard } from './TeamBoard';
import { AlertsPanel } from './AlertsPanel';
import { KpiCharts } from './KpiCharts';
import { useBoard } from './store';
import { NotReadyTimesPanel } from './NotReadyTimesPanel';

export function LeadView() {
  const load = useBoard((s) => s.load);
  useEffect(() => void load(), [load]);
  return (
    <div className="lead-view">
      <ErrorBoundary area="board">
        <TeamBoard />
      </ErrorBoundary>
      <ErrorBoundary area="alerts">
        <AlertsPanel />
      </ErrorBoundary>
      <ErrorBoundary area="kpis">
        <KpiCharts />
      </ErrorBoundary>
      <ErrorBoundary area="kpis">
        <NotReadyTimesPanel />
      </ErrorBoundary>
    </div>
  );
}
