/** Calls as the main process reports them (plain data keyed by call id), and the actions on them. */
import { create } from 'zustand';
import type { CallView } from '../../../../shared/domain/call';
import type { ChannelName, ArgsOf, Events } from '../../../../shared/ipc/contract';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';

interface PhoneStore {
  calls: Record<string, CallView>;
  /** A team lead's monitoring legs (listen / whisper / barge): not calls with a caller, never rung. */
  monitors: Record<string, CallView>;
  /** The last conference or monitoring session undone because its audio failed (shown until dismissed or the next call). */
  mediaFailure: Events['call.mediaFailed'] | null;
  dismissMediaFailure(): void;
  load(): Promise<void>;
  act<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<boolean>;
}

export const usePhone = create<PhoneStore>((set) => ({
  calls: {},
  monitors: {},
  mediaFailure: null,
  dismissMediaFailure: () => set({ mediaFailure: null }),
  load: async () => {
    const r = await invoke('phone.getState', {});
    if (r.ok) {
      set({
        calls: Object.fromEntries(r.value.calls.filter((c) => !c.monitor).map((c) => [c.id, c])),
        monitors: Object.fromEntries(r.value.calls.filter((c) => c.monitor).map((c) => [c.id, c])),
      });
    }
  },
  act: async (channel, args) => {
    const r = await invoke(channel, args);
    if (!r.ok) toastError(r.error);
    return r.ok;
  },
}));

onEvent('call.updated', (call) =>
  usePhone.setState((s) => {
    const key = call.monitor ? 'monitors' : 'calls';
    const next = { ...s[key], [call.id]: call };
    if (call.state === 'ended') delete next[call.id];
    // A new caller: an earlier failure notice is no longer about this call.
    const fresh = !call.monitor && call.state === 'ringing' && !s.calls[call.id];
    return { [key]: next, ...(fresh ? { mediaFailure: null } : {}) };
  }),
);
onEvent('call.mediaFailed', (mediaFailure) => usePhone.setState({ mediaFailure }));

export const liveCalls = (calls: Record<string, CallView>) => Object.values(calls).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
