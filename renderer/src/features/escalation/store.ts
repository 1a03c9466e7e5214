/** Where the agent's escalations stand, as the main process reports them (escalation.updated), and starting one. */
import { create } from 'zustand';
import type { Escalation, EscalationProgress, EscalationReason } from '../../../../shared/escalation/targets';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';

interface EscalationStore {
  /** The latest escalation's progress (the script shown follows it). */
  progress: EscalationProgress | null;
  /**
   * The real transfer or conference for the call, the team lead notified; true when main started it. With the
   * patient the caller is about (and the agent's notes), what this desk established goes with the call.
   */
  escalate: (callId: string, escalation: Escalation, reason: EscalationReason, handoff?: { patientId: string; notes: string }) => Promise<boolean>;
}

export const useEscalation = create<EscalationStore>((set) => ({
  progress: null,
  escalate: async (callId, escalation, reason, handoff) => {
    const r = await invoke('escalation.start', { callId, escalation, reason, ...handoff });
    if (!r.ok) {
      toastError(r.error);
      return false;
    }
    set({ progress: r.value });
    return true;
  },
}));

onEvent('escalation.updated', (progress) => {
  useEscalation.setState({ progress });
});
