/**
 * The patient the agent is working on (from a screen pop or a search): the view main allows (filtered
 * by verification) and the verification state. Checking an identifier refreshes both.
 */
import { create } from 'zustand';
import type { PatientMatch, PatientSummary } from '../../../../shared/domain/patient';
import type { Identifier } from '../../../../shared/verification/policy';
import type { RedFlag, VerificationState } from '../../../../shared/verification/state';
import { invoke } from '../../app/api';
import { toastError } from '../../app/toasts';

interface CurrentPatientState {
  match: PatientMatch | null;
  summary: PatientSummary | null;
  verification: VerificationState | null;
  loading: boolean;
  select(match: PatientMatch, reason: string): Promise<void>;
  check(identifier: Identifier, value: string): Promise<void>;
  flag(flag: RedFlag, on: boolean): Promise<void>;
  /** Who is calling: the patient, or someone on their behalf. */
  setCaller(name: string | null): Promise<void>;
  /** A different caller: start the identity check over. */
  startOver(): Promise<void>;
  clear(): void;
}

export const useCurrentPatient = create<CurrentPatientState>((set, get) => {
  const refresh = async (patientId: string) => {
    const r = await invoke('patients.view', { patientId });
    if (r.ok) set({ summary: r.value.summary, verification: r.value.verification, loading: false });
    else {
      set({ loading: false });
      toastError(r.error);
    }
  };
  return {
    match: null,
    summary: null,
    verification: null,
    loading: false,
    // The reason is recorded by main for each read (screen pop, search, identity check).
    select: async (match) => {
      set({ match, summary: null, verification: null, loading: true });
      await refresh(match.patientId);
    },
    check: async (identifier, value) => {
      const m = get().match;
      if (!m) return;
      const r = await invoke('verification.check', { patientId: m.patientId, identifier, value });
      if (!r.ok) return toastError(r.error);
      await refresh(m.patientId);
    },
    flag: async (flag, on) => {
      const m = get().match;
      if (!m) return;
      const r = await invoke('verification.flag', { patientId: m.patientId, flag, on });
      if (r.ok) set({ verification: r.value });
      else toastError(r.error);
    },
    setCaller: async (name) => {
      const m = get().match;
      if (!m) return;
      const r = await invoke('verification.caller', name ? { patientId: m.patientId, kind: 'proxy', name } : { patientId: m.patientId, kind: 'self' });
      if (!r.ok) return toastError(r.error);
      await refresh(m.patientId);
    },
    startOver: async () => {
      const r = await invoke('verification.reset', {});
      if (!r.ok) return toastError(r.error);
      const m = get().match;
      if (m) await refresh(m.patientId);
    },
    clear: () => set({ match: null, summary: null, verification: null, loading: false }),
  };
});
