/** The agent's own availability, mirrored from the main process (which publishes it as SIP presence). */
import { create } from 'zustand';
import type { AgentState, AgentStatus } from '../../../../shared/domain/agent';
import type { NotReadyReason, ResetOffer } from '../../../../shared/domain/not-ready';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';

interface StatusState {
  status: AgentStatus | null;
  /** The desk's not-ready reasons, in the file's order. */
  reasons: NotReadyReason[];
  /** The short reset offered after a hard call (null: none offered now). */
  offer: ResetOffer | null;
  load: () => Promise<void>;
  /** Not ready (`break`) takes a reason of the desk's file. */
  set: (state: AgentState, reason?: string) => Promise<void>;
  takeReset: () => Promise<void>;
  declineReset: () => void;
}

export const useAgentStatus = create<StatusState>((set, get) => ({
  status: null,
  reasons: [],
  offer: null,
  load: async () => {
    const [r, reasons] = await Promise.all([invoke('agent.getStatus', {}), invoke('agent.notReadyReasons', {})]);
    if (r.ok) set({ status: r.value });
    if (reasons.ok) set({ reasons: reasons.value });
  },
  set: async (state, reason) => {
    const r = await invoke('agent.setState', reason === undefined ? { state } : { state, reason });
    if (r.ok) set({ status: r.value });
    else toastError(r.error);
  },
  takeReset: async () => {
    const offer = get().offer;
    set({ offer: null });
    if (offer) await get().set('break', offer.reason);
  },
  declineReset: () => {
    set({ offer: null });
  },
}));

onEvent('agent.status', (status) => {
  // An offered reset is moot once the agent is on a call or not ready anyway.
  useAgentStatus.setState((s) => ({ status, offer: status.state === 'onCall' || status.state === 'break' ? null : s.offer }));
});
onEvent('care.resetOffered', (offer) => {
  useAgentStatus.setState({ offer });
});
