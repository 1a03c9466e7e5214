/**
 * Whether audio is arriving on each call, for the call bar's "audio" indicator, and whether this
 * window holds the calls' media at all (another window of the app may hold it).
 */
import { create } from 'zustand';

interface MediaStatsState {
  byCall: Record<string, { bytesReceived: number; receiving: boolean }>;
  report: (callId: string, s: { bytesReceived: number; receiving: boolean }) => void;
  forget: (callId: string) => void;
  /** False while another window of the app holds the microphone and speaker for calls. */
  owner: boolean;
}

export const useMediaStats = create<MediaStatsState>((set) => ({
  byCall: {},
  owner: true,
  report: (callId, s) => {
    set((st) => ({ byCall: { ...st.byCall, [callId]: s } }));
  },
  forget: (callId) => {
    set((st) => {
      const { [callId]: _gone, ...rest } = st.byCall;
      return { byCall: rest };
    });
  },
}));
