/** The patient the agent is working on (picked from a screen pop or a search), with their summary. */
import { create } from 'zustand';
import type { PatientMatch, PatientSummary } from '../../../../shared/domain/patient';
import { invoke } from '../../app/api';
import { toastError } from '../../app/toasts';

interface CurrentPatientState {
  match: PatientMatch | null;
  summary: PatientSummary | null;
  loading: boolean;
  select(match: PatientMatch, reason: string): Promise<void>;
  clear(): void;
}

export const useCurrentPatient = create<CurrentPatientState>((set) => ({
  match: null,
  summary: null,
  loading: false,
  select: async (match, reason) => {
    set({ match, summary: null, loading: true });
    const r = await invoke('patients.summary', { patientId: match.patientId, reason });
    if (r.ok) set({ summary: r.value, loading: false });
    else {
      set({ loading: false });
      toastError(r.error);
    }
  },
  clear: () => set({ match: null, summary: null, loading: false }),
}));
