/** Practice mode in the page: the scenarios, the practice call as main reports it, and the trainee's history. */
import { create } from 'zustand';
import type { PracticeAttempt, PracticeView, ScenarioListing } from '../../../../shared/practice/view';
import type { TeamDataSource } from '../../../../shared/ehr/team-data-source';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';
import { speak, stopSpeaking } from './speech';

interface PracticeStore {
  scenarios: ScenarioListing[];
  view: PracticeView | null;
  history: PracticeAttempt[];
  /** Where the history came from (a lead's review: the FHIR server, or this desk's copy); null before the first load. */
  historySource: TeamDataSource | null;
  historyScope: 'mine' | 'everyone';
  trainee: string;
  speakAloud: boolean;
  load: () => Promise<void>;
  setTrainee: (name: string) => void;
  setSpeakAloud: (on: boolean) => void;
  start: (scenarioId: string) => Promise<void>;
  reply: (input: { text: string } | { choice: number }) => Promise<boolean>;
  dismiss: () => Promise<void>;
  loadHistory: (scope?: 'mine' | 'everyone') => Promise<void>;
}

export const usePractice = create<PracticeStore>((set, get) => ({
  scenarios: [],
  view: null,
  history: [],
  historySource: null,
  historyScope: 'mine',
  trainee: '',
  speakAloud: true,
  load: async () => {
    const [scenarios, view] = await Promise.all([invoke('practice.scenarios', {}), invoke('practice.state', {})]);
    if (scenarios.ok) set({ scenarios: scenarios.value });
    else toastError(scenarios.error);
    if (view.ok) set({ view: view.value, ...(view.value ? { trainee: view.value.trainee } : {}) });
    await get().loadHistory();
  },
  setTrainee: (trainee) => {
    set({ trainee });
  },
  setSpeakAloud: (speakAloud) => {
    if (!speakAloud) stopSpeaking();
    set({ speakAloud });
  },
  start: async (scenarioId) => {
    const r = await invoke('practice.start', { scenarioId, trainee: get().trainee.trim() });
    if (!r.ok) {
      toastError(r.error);
      return;
    }
    set({ view: r.value });
  },
  reply: async (input) => {
    const r = await invoke('practice.reply', input);
    if (!r.ok) toastError(r.error);
    return r.ok;
  },
  dismiss: async () => {
    const r = await invoke('practice.dismiss', {});
    if (!r.ok) {
      toastError(r.error);
      return;
    }
    set({ view: null });
  },
  loadHistory: async (scope = get().historyScope) => {
    const trainee = get().trainee.trim();
    if (scope === 'mine' && trainee.length < 2) {
      set({ history: [], historySource: null, historyScope: scope });
      return;
    }
    const r = await invoke('practice.history', scope === 'mine' ? { trainee } : {});
    if (r.ok) set({ history: r.value.attempts, historySource: r.value.source, historyScope: scope });
    else toastError(r.error);
  },
}));

onEvent('practice.updated', (view) => {
  const before = usePractice.getState().view;
  const known = before && view && before.callId === view.callId ? before.captions.length : 0;
  usePractice.setState({ view });
  if (view && usePractice.getState().speakAloud) for (const c of view.captions.slice(known)) speak(c.text, c.language);
  if (view?.phase === 'finished' && before?.phase !== 'finished') void usePractice.getState().loadHistory();
});
