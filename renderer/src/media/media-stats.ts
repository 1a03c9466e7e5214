/** Whether audio is arriving on each call, for the call bar's "audio" indicator. */
import { create } from 'zustand';

interface MediaStatsState {
  byCall: Record<string, { bytesReceived: number; receiving: boolean }>;
  report(callId: string, s: { bytesReceived: number; receiving: boolean }): void;
  forget(callId: string): void;
}

export const useMediaStats = create<MediaStatsState>((set) => ({
  byCall: {},
  report: (callId, s) => set((st) => ({ byCall: { ...st.byCall, [callId]: s } })),
  forget: (callId) =>
    set((st) => {
      const { [callId]: _gone, ...rest } = st.byCall;
      return { byCall: rest };
    }),
}));
