/**
 * Scheduling in the patient view: the search for free slots, what is being booked or moved, and the answer to say
 * to the caller. Main gates every call on the caller's verification and audits it; the page asks through these actions.
 */
import { create } from 'zustand';
import type { AppointmentView } from '../../../../shared/domain/patient';
import { MAX_SEARCH_DAYS, type BookingOutcome, type CancelReason, type NamedRef, type SlotQuery, type SlotView } from '../../../../shared/domain/scheduling';
import type { CarefrontError } from '../../../../shared/errors';
import { invoke } from '../../app/api';
import { defaultCriteria, toQuery, widened, type Criteria } from './criteria';

/** What the panel last told the agent (read out, then announced in the live region). */
export type Outcome =
  | { kind: 'booked' | 'moved'; slot: SlotView }
  | { kind: 'cancelled' }
  /** Another desk took the slot first: `next` is the next free one of the same schedule, offered with one action. */
  | { kind: 'slotTaken'; next: SlotView | null };

/** The practitioners, locations and services seen in this panel's answers: what the search may be narrowed to. */
export interface Known {
  practitioners: NamedRef[];
  locations: NamedRef[];
  services: { code: string; display: string | null }[];
}

const merge = <T>(into: T[], more: (T | null)[], key: (t: T) => string): T[] => {
  const seen = new Map(into.map((t) => [key(t), t]));
  for (const m of more) if (m && !seen.has(key(m))) seen.set(key(m), m);
  return [...seen.values()];
};
const learn = (k: Known, slots: SlotView[]): Known => ({
  practitioners: merge(
    k.practitioners,
    slots.map((s) => s.practitioner),
    (p) => p.id,
  ),
  locations: merge(
    k.locations,
    slots.map((s) => s.location),
    (l) => l.id,
  ),
  services: merge(
    k.services,
    slots.map((s) => s.serviceType),
    (c) => c.code,
  ),
});
const NOTHING_KNOWN: Known = { practitioners: [], locations: [], services: [] };

interface SchedulingState {
  patientId: string | null;
  known: Known;
  criteria: Criteria;
  /** The search whose answer is shown (null before any). */
  searched: SlotQuery | null;
  slots: SlotView[] | null;
  selected: SlotView | null;
  /** The appointment being moved (null: a new booking). */
  moving: AppointmentView | null;
  busy: boolean;
  outcome: Outcome | null;
  error: CarefrontError | null;
  /** The panel is for this patient (another patient's search and answers leave it). */
  open: (patientId: string) => void;
  setCriteria: (patch: Partial<Criteria>) => void;
  search: () => Promise<void>;
  /** The same search over 30 more days (or without its practitioner and location). */
  widen: (how: 'later' | 'anyone') => Promise<void>;
  select: (slot: SlotView | null) => void;
  startMove: (appointment: AppointmentView) => void;
  stopMove: () => void;
  /** Books the slot, or moves the appointment being moved to it. */
  confirm: (slot: SlotView) => Promise<void>;
  cancel: (appointment: AppointmentView, reason: CancelReason) => Promise<void>;
}

const fresh = () => ({ searched: null, slots: null, selected: null, moving: null, busy: false, outcome: null, error: null });

export const useScheduling = create<SchedulingState>((set, get) => {
  /** Runs one call to main; its refusal is shown in the panel. */
  const call = async <T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: CarefrontError }>): Promise<T | null> => {
    set({ busy: true, error: null });
    const r = await run();
    if (!r.ok) {
      set({ busy: false, error: r.error });
      return null;
    }
    set({ busy: false });
    return r.value;
  };
  const settle = (outcome: BookingOutcome, kind: 'booked' | 'moved') => {
    if (outcome.ok) set({ outcome: { kind, slot: outcome.booked.slot }, moving: null, selected: null, slots: null, searched: null });
    else set({ outcome: { kind: 'slotTaken', next: outcome.next }, selected: null });
  };
  return {
    patientId: null,
    known: NOTHING_KNOWN,
    criteria: defaultCriteria(),
    ...fresh(),
    open: (patientId) => {
      if (get().patientId !== patientId) set({ patientId, known: NOTHING_KNOWN, criteria: defaultCriteria(), ...fresh() });
    },
    setCriteria: (patch) => {
      set((s) => ({ criteria: { ...s.criteria, ...patch } }));
    },
    search: async () => {
      const { patientId, criteria } = get();
      if (!patientId) return;
      const query = toQuery(criteria, new Date());
      set({ outcome: null, selected: null });
      const found = await call(() => invoke('schedule.findSlots', { patientId, query }));
      if (found) set((s) => ({ searched: query, slots: found.slots, known: learn(s.known, found.slots) }));
    },
    widen: async (how) => {
      set((s) => ({ criteria: widened(s.criteria, how, MAX_SEARCH_DAYS) }));
      await get().search();
    },
    select: (slot) => {
      set({ selected: slot, outcome: null });
    },
    startMove: (appointment) => {
      set({ moving: appointment, outcome: null, error: null, selected: null });
      // Moving starts where the agent would: the free times from now (the next available first).
      void get().search();
    },
    stopMove: () => {
      set({ moving: null, selected: null });
    },
    confirm: async (slot) => {
      const { patientId, moving } = get();
      if (!patientId) return;
      const clientId = crypto.randomUUID();
      if (moving?.version) {
        const { id: appointmentId, version: appointmentVersion } = moving;
        const outcome = await call(() =>
          invoke('schedule.reschedule', { clientId, patientId, appointmentId, appointmentVersion, slotId: slot.id, slotVersion: slot.version }),
        );
        if (outcome) settle(outcome, 'moved');
        return;
      }
      const outcome = await call(() => invoke('schedule.book', { clientId, patientId, slotId: slot.id, slotVersion: slot.version }));
      if (outcome) settle(outcome, 'booked');
    },
    cancel: async (appointment, reason) => {
      const { patientId } = get();
      const appointmentVersion = appointment.version;
      if (!patientId || !appointmentVersion) return;
      const done = await call(() => invoke('schedule.cancel', { patientId, appointmentId: appointment.id, appointmentVersion, reason }));
      if (done) set({ outcome: { kind: 'cancelled' }, moving: null });
    },
  };
});
