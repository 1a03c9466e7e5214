/** The team-lead board: rows pushed by the main process (board.updated), alerts, monitoring sessions, KPIs. */
import { create } from 'zustand';
import type { BoardRow } from '../../../../shared/domain/board';
import type { Alert, FollowUp } from '../../../../shared/domain/alerts';
import type { MonitorMode, MonitorSession } from '../../../../shared/domain/monitor';
import type { KpiReport } from '../../../../shared/kpi/kpi';
import type { Sourced } from '../../../../shared/ehr/team-data-source';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';
import type { NotReadyTimes } from '../../../../shared/domain/not-ready';

interface BoardStore {
  team: string;
  /** Rows by agent; each row object is replaced only when that agent changes (cheap re-renders). */
  rows: Record<string, BoardRow>;
  order: string[];
  alerts: Alert[];
  sessions: MonitorSession[];
  /** The report and where its figures came from (the FHIR server, or this desk's copy). */
  kpis: Sourced<KpiReport> | null;
  load: () => Promise<void>;
  acknowledge: (id: string) => Promise<void>;
  followUp: (id: string, action: FollowUp) => Promise<void>;
  monitor: (agent: string, mode: MonitorMode) => Promise<void>;
  setMode: (callId: string, mode: MonitorMode) => Promise<void>;
  stop: (callId: string) => Promise<void>;
  loadKpis: (days: number) => Promise<void>;
  /** Time in each not-ready reason per agent and for the team, as this lead's desk counted it. */
  notReadyTimes: NotReadyTimes | null;
  loadNotReadyTimes: () => Promise<void>;
}

const upsertAlert = (alerts: Alert[], a: Alert) => (alerts.some((x) => x.id === a.id) ? alerts.map((x) => (x.id === a.id ? a : x)) : [a, ...alerts]);

export const useBoard = create<BoardStore>((set, get) => ({
  team: '',
  rows: {},
  order: [],
  alerts: [],
  sessions: [],
  kpis: null,
  notReadyTimes: null,
  loadNotReadyTimes: async () => {
    const r = await invoke('board.notReadyTimes', {});
    if (r.ok) set({ notReadyTimes: r.value });
    else toastError(r.error);
  },
  load: async () => {
    const [board, alerts, sessions] = await Promise.all([invoke('board.get', {}), invoke('alerts.list', {}), invoke('monitor.list', {})]);
    if (board.ok) {
      set({
        team: board.value.team,
        rows: Object.fromEntries(board.value.rows.map((r) => [r.agent, r])),
        order: [...board.value.rows].sort((a, b) => a.name.localeCompare(b.name)).map((r) => r.agent),
      });
    } else toastError(board.error);
    if (alerts.ok) set({ alerts: alerts.value });
    if (sessions.ok) set({ sessions: sessions.value });
  },
  acknowledge: async (id) => {
    const r = await invoke('alerts.acknowledge', { id });
    if (r.ok) set({ alerts: upsertAlert(get().alerts, r.value) });
    else toastError(r.error);
  },
  followUp: async (id, action) => {
    const r = await invoke('alerts.followUp', { id, action });
    if (r.ok) {
      set({ alerts: upsertAlert(get().alerts, r.value) });
      if (action !== 'resolved') await refreshSessions();
    } else toastError(r.error);
  },
  monitor: async (agent, mode) => {
    const r = await invoke('monitor.start', { agent, mode });
    if (r.ok) set({ sessions: [...get().sessions, r.value] });
    else toastError(r.error);
  },
  setMode: async (callId, mode) => {
    const r = await invoke('monitor.setMode', { callId, mode });
    if (r.ok) set({ sessions: get().sessions.map((s) => (s.callId === callId ? r.value : s)) });
    else toastError(r.error);
  },
  stop: async (callId) => {
    const r = await invoke('monitor.stop', { callId });
    if (!r.ok) toastError(r.error);
  },
  loadKpis: async (days) => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    const r = await invoke('kpi.report', { from: from.toISOString(), to: to.toISOString() });
    if (r.ok) set({ kpis: r.value });
    else toastError(r.error);
  },
}));

async function refreshSessions(): Promise<void> {
  const r = await invoke('monitor.list', {});
  if (r.ok) useBoard.setState({ sessions: r.value });
}

onEvent('board.updated', ({ rows }) => {
  useBoard.setState((s) => {
    const next = { ...s.rows };
    for (const r of rows) next[r.agent] = r;
    return { rows: next };
  });
});
onEvent('alerts.updated', (a) => {
  useBoard.setState((s) => ({ alerts: upsertAlert(s.alerts, a) }));
});
// A monitoring call that ended (hung up here or by the agent's desktop) leaves the session list.
onEvent('call.updated', (c) => {
  if (c.monitor && c.state === 'ended') useBoard.setState((s) => ({ sessions: s.sessions.filter((x) => x.callId !== c.id) }));
});
