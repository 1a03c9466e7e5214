/**
 * The team's worklist as the page holds it: the list main read from the FHIR server, and one named action per thing
 * the agent does with an item (claim, release, dial, complete). After each action the page has the list as it now is
 * (main sends it back); the list is also read again every `refreshSeconds` and when the desk's outbox has delivered
 * writes (a follow-up promised in a wrap-up is on the list as soon as it reaches the server).
 */
import { create } from 'zustand';
import type { ErrorCode } from '../../../../shared/errors';
import type { WorklistActionResult, WorklistItem, WorklistOutcome, WorklistRaiseRequest, WorklistView } from '../../../../shared/domain/worklist';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';
import { usePhone } from '../phone/store';

/** What the panel tells the agent after an action: a key under worklist.done.* or worklist.refused.*. */
export type WorklistNotice =
  { kind: 'done'; key: 'claimed' | 'released' | 'completed' } | { kind: 'refused'; key: Extract<WorklistActionResult, { ok: false }>['reason'] };

interface WorklistStore {
  view: WorklistView | null;
  /** Why the last read failed (null when it did not). */
  error: ErrorCode | null;
  /** The item an action is under way on. */
  busy: string | null;
  notice: WorklistNotice | null;
  load: () => Promise<void>;
  claim: (item: WorklistItem) => Promise<boolean>;
  release: (item: WorklistItem) => Promise<boolean>;
  complete: (item: WorklistItem, outcome: WorklistOutcome) => Promise<boolean>;
  /** Dials the item's number with phone.dial, claiming it first when it is still in its pool. */
  dial: (item: WorklistItem) => Promise<boolean>;
  /** Sends a billing dispute or a referral follow-up to its pool (main checks verification and the record): when it is due, or why not. */
  raise: (request: WorklistRaiseRequest) => Promise<{ ok: true; due: string } | { ok: false; code: ErrorCode }>;
}

let reads = 0;

/** The list with one item as it now is (null: it left the list); the order stays (an action does not change when an item is due). */
function withItem(view: WorklistView, id: string, now: WorklistItem | null): WorklistView {
  return { ...view, items: now ? view.items.map((i) => (i.id === id ? now : i)) : view.items.filter((i) => i.id !== id) };
}

export const useWorklist = create<WorklistStore>((set) => {
  /** Runs one action; the answer's list replaces the page's, and the agent is told how it went. */
  const act = async (
    item: WorklistItem,
    run: () => Promise<{ ok: true; value: WorklistActionResult } | { ok: false; error: { code: ErrorCode; message: string } }>,
    done: 'claimed' | 'released' | 'completed',
  ): Promise<WorklistItem | null> => {
    set({ busy: item.id });
    try {
      const r = await run();
      if (!r.ok) {
        toastError(r.error);
        return null;
      }
      reads++;
      const answer = r.value;
      if (answer.ok) set((st) => ({ view: st.view && withItem(st.view, item.id, answer.item), error: null, notice: { kind: 'done', key: done } }));
      else set({ view: answer.list, error: null, notice: { kind: 'refused', key: answer.reason } });
      return answer.ok ? (answer.item ?? item) : null;
    } finally {
      set({ busy: null });
    }
  };
  return {
    view: null,
    error: null,
    busy: null,
    notice: null,
    load: async () => {
      const before = ++reads;
      const r = await invoke('worklist.list', {});
      if (before !== reads) return; // an action's answer (a newer list) came in meanwhile
      if (r.ok) set({ view: r.value, error: null });
      else set({ error: r.error.code });
    },
    claim: async (item) => (await act(item, () => invoke('worklist.claim', { taskId: item.id, version: item.version }), 'claimed')) !== null,
    release: async (item) => (await act(item, () => invoke('worklist.release', { taskId: item.id, version: item.version }), 'released')) !== null,
    complete: async (item, outcome) =>
      (await act(item, () => invoke('worklist.complete', { taskId: item.id, version: item.version, outcome }), 'completed')) !== null,
    dial: async (item) => {
      if (!item.number) return false;
      const mine = item.owner.kind === 'agent' && item.owner.mine;
      if (!mine) {
        const held = await act(item, () => invoke('worklist.claim', { taskId: item.id, version: item.version }), 'claimed');
        if (!held) return false;
      }
      // A refused dial is told by the phone's own store.
      return usePhone.getState().dial(item.number);
    },
    raise: async (request) => {
      const r = await invoke('worklist.raise', request);
      return r.ok ? { ok: true, due: r.value.due } : { ok: false, code: r.error.code };
    },
  };
});

// The outbox delivered writes (fewer wait than before): a follow-up this desk promised may be on the server now.
let waiting = 0;
onEvent('ehr.status', (status) => {
  const now = status.outbox.waiting;
  if (now < waiting && useWorklist.getState().view?.configured) void useWorklist.getState().load();
  waiting = now;
});
