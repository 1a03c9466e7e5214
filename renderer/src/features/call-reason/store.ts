/**
 * The reason the agent picked for the call in progress. It belongs to that call: a new call starts without one,
 * and the wrap-up of the call reads it before it is cleared.
 */
import { create } from 'zustand';
import type { CallReason } from '../../../../shared/domain/call-reasons';

interface CallReasonState {
  /** The call the reason was picked on (null: none picked yet). */
  callId: string | null;
  reason: CallReason | null;
  pick: (callId: string, reason: CallReason | null) => void;
  clear: () => void;
}

export const useCallReason = create<CallReasonState>((set) => ({
  callId: null,
  reason: null,
  pick: (callId, reason) => {
    set({ callId, reason });
  },
  clear: () => {
    set({ callId: null, reason: null });
  },
}));

/** The reason picked on `callId`, or null (a reason picked on an earlier call does not carry over). */
export function reasonFor(state: Pick<CallReasonState, 'callId' | 'reason'>, callId: string | null): CallReason | null {
  return callId !== null && state.callId === callId ? state.reason : null;
}
