/** The agent's own figures for today, from main: read at start, after each change of state, and every minute. */
import { create } from 'zustand';
import type { MyDay } from '../../../../shared/domain/my-day';
import { invoke, onEvent } from '../../app/api';

interface MyDayStore {
  day: MyDay | null;
  load: () => Promise<void>;
}

export const useMyDay = create<MyDayStore>((set) => ({
  day: null,
  load: async () => {
    const r = await invoke('agent.myDay', {});
    if (r.ok) set({ day: r.value });
  },
}));

// A call ended, a wrap-up saved, a break taken: the figures move.
onEvent('agent.status', () => {
  void useMyDay.getState().load();
});
