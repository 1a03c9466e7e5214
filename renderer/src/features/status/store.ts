/** The agent's own availability, mirrored from the main process (which publishes it as SIP presence). */
import { create } from 'zustand';
import type { AgentState, AgentStatus } from '../../../../shared/domain/agent';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';

interface StatusState {
  status: AgentStatus | null;
  load: () => Promise<void>;
  set: (state: AgentState) => Promise<void>;
}

export const useAgentStatus = create<StatusState>((set) => ({
  status: null,
  load: async () => {
    const r = await invoke('agent.getStatus', {});
    if (r.ok) set({ status: r.value });
  },
  set: async (state) => {
    const r = await invoke('agent.setState', { state });
    if (r.ok) set({ status: r.value });
    else toastError(r.error);
  },
}));

onEvent('agent.status', (status) => {
  useAgentStatus.setState({ status });
});
