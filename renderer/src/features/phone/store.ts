/** Calls as the main process reports them (plain data keyed by call id), and the actions on them. */
import { create } from 'zustand';
import type { CallView } from '../../../../shared/domain/call';
import type { ChannelName, ArgsOf } from '../../../../shared/ipc/contract';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';

interface PhoneStore {
  calls: Record<string, CallView>;
  load(): Promise<void>;
  act<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<boolean>;
}

export const usePhone = create<PhoneStore>((set) => ({
  calls: {},
  load: async () => {
    const r = await invoke('phone.getState', {});
    if (r.ok) set({ calls: Object.fromEntries(r.value.calls.map((c) => [c.id, c])) });
  },
  act: async (channel, args) => {
    const r = await invoke(channel, args);
    if (!r.ok) toastError(r.error);
    return r.ok;
  },
}));

onEvent('call.updated', (call) =>
  usePhone.setState((s) => {
    const calls = { ...s.calls, [call.id]: call };
    if (call.state === 'ended') delete calls[call.id];
    return { calls };
  }),
);

export const liveCalls = (calls: Record<string, CallView>) => Object.values(calls).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
