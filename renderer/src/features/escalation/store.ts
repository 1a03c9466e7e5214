/** Where the agent's escalations stand, as the main process reports them (escalation.updated). */
import { create } from 'zustand';
import type { EscalationProgress } from '../../../../shared/escalation/targets';
import { onEvent } from '../../app/api';

interface EscalationStore {
  /** The latest escalation's progress (the script shown follows it). */
  progress: EscalationProgress | null;
  show(progress: EscalationProgress): void;
}

export const useEscalation = create<EscalationStore>((set) => ({
  progress: null,
  show: (progress) => set({ progress }),
}));

onEvent('escalation.updated', (progress) => useEscalation.setState({ progress }));
