/**
 * The patient the agent is working on (from a screen pop or a search): the view main allows (filtered
 * by verification) and the verification state. Main pushes every change of verification
 * (`verification.updated`): the view is refetched when what is unlocked changes, and dropped with the
 * previous call's search results when the call's work is over, so the page never shows more than
 * main allows.
 */
import { create } from 'zustand';
import type { CallerChoice, PatientSummary } from '../../../../shared/domain/patient';
import type { Identifier, StepUpRequest } from '../../../../shared/verification/policy';
import type { CheckSubject, RedFlag, VerificationState } from '../../../../shared/verification/state';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';
import { usePatientSearch } from './store';

interface CurrentPatientState {
  match: CallerChoice | null;
  summary: PatientSummary | null;
  verification: VerificationState | null;
  loading: boolean;
  select: (match: CallerChoice, reason: string) => Promise<void>;
  check: (identifier: Identifier, value: string, subject?: CheckSubject) => Promise<void>;
  flag: (flag: RedFlag, on: boolean) => Promise<void>;
  /** Who is calling: the patient, or someone on their behalf. */
  setCaller: (name: string | null) => Promise<void>;
  /** A high-risk request: one identifier more before it opens. */
  stepUp: (request: StepUpRequest) => Promise<void>;
  /** A supervisor's desk lifts a failure on the call. */
  override: (reason: string) => Promise<void>;
  /** A different caller on the same call: their answers start again. */
  startOver: () => Promise<void>;
  /** Fetches the view again (what main allows now). */
  reload: () => Promise<void>;
  clear: () => void;
}

const sameSections = (a: VerificationState | null, b: VerificationState): boolean =>
  !!a && a.status === b.status && a.visibleSections.join() === b.visibleSections.join() && a.caller.kind === b.caller.kind;

export const useCurrentPatient = create<CurrentPatientState>((set, get) => {
  const refresh = async (patientId: string) => {
    const r = await invoke('patients.view', { patientId });
    if (get().match?.patientId !== patientId) return; // another patient was picked meanwhile
    if (r.ok) set({ summary: r.value.summary, verification: r.value.verification, loading: false });
    else {
      set({ loading: false });
      toastError(r.error);
    }
  };
  const act = async (run: (patientId: string) => ReturnType<typeof invoke<'verification.check'>>) => {
    const m = get().match;
    if (!m) return;
    const r = await run(m.patientId);
    if (!r.ok) {
      toastError(r.error);
      return;
    }
    await refresh(m.patientId);
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
    check: (identifier, value, subject = 'patient') => act((patientId) => invoke('verification.check', { patientId, identifier, value, subject })),
    flag: (flag, on) => act((patientId) => invoke('verification.flag', { patientId, flag, on })),
    setCaller: (name) => act((patientId) => invoke('verification.caller', name ? { patientId, kind: 'proxy', name } : { patientId, kind: 'self' })),
    stepUp: (request) => act((patientId) => invoke('verification.stepUp', { patientId, request })),
    override: async (reason) => {
      const r = await invoke('verification.override', { reason });
      if (!r.ok) {
        toastError(r.error);
        return;
      }
      const m = get().match;
      if (m) await refresh(m.patientId);
    },
    startOver: async () => {
      const r = await invoke('verification.reset', {});
      if (!r.ok) {
        toastError(r.error);
        return;
      }
      const m = get().match;
      if (m) await refresh(m.patientId);
    },
    reload: async () => {
      const m = get().match;
      if (m) await refresh(m.patientId);
    },
    clear: () => {
      set({ match: null, summary: null, verification: null, loading: false });
    },
  };
});

onEvent('verification.updated', (u) => {
  const s = useCurrentPatient.getState();
  if (u.state === null) {
    // The call's work is over: its patient, its "Verified" and its search results leave the screen.
    if (!s.verification || s.verification.callId === u.callId || s.verification.callId === null) s.clear();
    usePatientSearch.getState().clear();
    return;
  }
  if (!s.match || u.patientId !== s.match.patientId) return;
  const same = sameSections(s.verification, u.state);
  // The sections shown follow the new state at once; when what is unlocked changed (e.g. a red flag
  // closed it), the view is fetched again from main, masked as main says.
  useCurrentPatient.setState({ verification: u.state });
  if (!same) void s.reload();
});

// The server's copy of the open patient changed (ids only): the view is fetched again through the same channel,
// so main still decides what verification lets the page show.
onEvent('patient.changed', ({ patientIds }) => {
  const s = useCurrentPatient.getState();
  if (s.match && patientIds.includes(s.match.patientId)) void s.reload();
});
