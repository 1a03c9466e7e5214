/** Patient search in the patient pane (the screen pop on a call uses the same lookups). */
import { create } from 'zustand';
import type { CallerChoice } from '../../../../shared/domain/patient';
import type { CarefrontError } from '../../../../shared/errors';
import { invoke, onEvent } from '../../app/api';

export type SearchMode = 'phone' | 'nameDob' | 'mrn';
export type SearchQuery = { mode: 'phone'; phone: string } | { mode: 'nameDob'; name: string; birthDate: string } | { mode: 'mrn'; mrn: string };

interface PatientSearchState {
  mode: SearchMode;
  busy: boolean;
  /** Only what picks the caller: no date of birth, no MRN. */
  matches: CallerChoice[] | null;
  /** A name without a date of birth that too many patients share: how many (no one of them is listed). */
  tooMany: number | null;
  error: CarefrontError | null;
  setMode: (mode: SearchMode) => void;
  search: (query: SearchQuery) => Promise<void>;
  /** The last search again, when the server changed one of its matches (a deleted patient leaves the results). */
  patientsChanged: (patientIds: readonly string[]) => Promise<void>;
  /** The previous call's results leave the screen with its work. */
  clear: () => void;
}

/** The search whose results are shown (asked again when one of them changes on the server). */
let shown: SearchQuery | null = null;

export const usePatientSearch = create<PatientSearchState>((set, get) => ({
  mode: 'phone',
  busy: false,
  matches: null,
  tooMany: null,
  error: null,
  setMode: (mode) => {
    shown = null;
    set({ mode, matches: null, tooMany: null, error: null });
  },
  search: async (query) => {
    shown = query;
    set({ busy: true, error: null });
    // A name without a date of birth: main lists it only when the name is rare, else says how many share it.
    if (query.mode === 'nameDob' && !query.birthDate) {
      const r = await invoke('patients.searchByName', { name: query.name });
      if (shown !== query) return;
      const tooMany = r.ok && r.value.total > r.value.matches.length ? r.value.total : null;
      set(r.ok ? { busy: false, matches: tooMany === null ? r.value.matches : null, tooMany } : { busy: false, matches: null, tooMany: null, error: r.error });
      return;
    }
    const r =
      query.mode === 'phone'
        ? await invoke('patients.lookupByPhone', { phone: query.phone })
        : query.mode === 'mrn'
          ? await invoke('patients.search', { mrn: query.mrn })
          : await invoke('patients.search', { name: query.name, birthDate: query.birthDate });
    if (shown !== query) return; // another search was started meanwhile
    set(r.ok ? { busy: false, matches: r.value, tooMany: null } : { busy: false, matches: null, tooMany: null, error: r.error });
  },
  patientsChanged: async (patientIds) => {
    const matches = get().matches;
    if (!shown || !matches || !matches.some((m) => patientIds.includes(m.patientId))) return;
    await get().search(shown);
  },
  clear: () => {
    shown = null;
    set({ matches: null, tooMany: null, error: null });
  },
}));

onEvent('patient.changed', ({ patientIds }) => void usePatientSearch.getState().patientsChanged(patientIds));
