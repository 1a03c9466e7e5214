/** What the shell knows about the app itself: version, transport, store, phone registration. */
import { create } from 'zustand';
import type { AppInfo, PhoneStatus } from '../../../shared/ipc/contract';
import { invoke, onEvent } from './api';

interface AppState {
  info: AppInfo | null;
  phone: PhoneStatus | null;
  load: () => Promise<boolean>;
}

export const useApp = create<AppState>((set) => ({
  info: null,
  phone: null,
  load: async () => {
    const result = await invoke('app.info', {});
    if (!result.ok) return false;
    set({ info: result.value, phone: result.value.phone });
    return true;
  },
}));

onEvent('phone.status', (phone) => {
  useApp.setState({ phone });
});
