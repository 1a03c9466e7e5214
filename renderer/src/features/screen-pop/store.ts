/** The latest screen pop: who the ringing (or just answered) caller may be. */
import { create } from 'zustand';
import type { ScreenPop } from '../../../../shared/ipc/contract';
import { invoke, onEvent } from '../../app/api';
import { pageRestarting } from '../identity/store';
import { useCurrentPatient } from '../patient/current-patient';
import { usePatientSearch } from '../patient/store';
import { usePhone } from '../phone/store';
import { popArrived } from './pop-rendered-mark';
import { useHandoff } from '../handoff/store';

interface ScreenPopState {
  pop: ScreenPop | null;
  dismiss: () => void;
  /** The workspace is ready for its user: a call that rang while the desk was locked is popped now. */
  resumeHeld: () => Promise<void>;
}

export const useScreenPop = create<ScreenPopState>((set) => ({
  pop: null,
  dismiss: () => {
    set({ pop: null });
  },
  resumeHeld: async () => {
    // The page that saw the sign-in starts again at once: the page after it asks.
    if (pageRestarting()) return;
    await invoke('screenPop.resume', {});
  },
}));

onEvent('call.screenPop', (pop) => {
  popArrived(pop);
  useScreenPop.setState({ pop });
  // A new caller: earlier search results are not theirs.
  usePatientSearch.getState().clear();
  // A call handed over by another desk has its patient open already (whatever order the two events came in).
  const handoff = useHandoff.getState().view;
  if (handoff?.status === 'confirmed' && handoff.callId === pop.callId) return;
  // One match: open it straight away (protected sections stay masked until verification).
  const only = pop.matches.length === 1 ? pop.matches[0] : undefined;
  if (only) void useCurrentPatient.getState().select(only, 'screen pop for an incoming call');
  else useCurrentPatient.getState().clear();
});

// The pop belongs to its call: gone when the call is.
usePhone.subscribe((s) => {
  const pop = useScreenPop.getState().pop;
  if (pop && !s.calls[pop.callId]) useScreenPop.setState({ pop: null });
});
