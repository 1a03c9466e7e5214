/**
 * Audio devices: microphone, speaker (the call's audio) and ringer (where incoming calls ring, e.g.
 * the PC speaker while the headset is on the desk). Choices are kept per workstation (localStorage:
 * device ids are per-machine and hold no patient data) and can change mid-call without dropping it.
 */
import { create } from 'zustand';

export type DeviceKind = 'microphone' | 'speaker' | 'ringer';
const KEY = 'carefront.devices';

interface DevicesState {
  inputs: MediaDeviceInfo[];
  outputs: MediaDeviceInfo[];
  chosen: Record<DeviceKind, string>;
  refresh: () => Promise<void>;
  choose: (kind: DeviceKind, deviceId: string) => void;
}

const listeners = new Set<(kind: DeviceKind) => void | Promise<void>>();
export const onDeviceChange = (l: (kind: DeviceKind) => void | Promise<void>) => listeners.add(l);

function load(): Record<DeviceKind, string> {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Record<DeviceKind, unknown>>;
    const s = (x: unknown) => (typeof x === 'string' && x.length < 200 ? x : '');
    return { microphone: s(v.microphone), speaker: s(v.speaker), ringer: s(v.ringer) };
  } catch {
    return { microphone: '', speaker: '', ringer: '' };
  }
}

export const useDevices = create<DevicesState>((set, get) => ({
  inputs: [],
  outputs: [],
  chosen: load(),
  refresh: async () => {
    const all = await navigator.mediaDevices.enumerateDevices();
    set({ inputs: all.filter((d) => d.kind === 'audioinput'), outputs: all.filter((d) => d.kind === 'audiooutput') });
  },
  choose: (kind, deviceId) => {
    const chosen = { ...get().chosen, [kind]: deviceId };
    localStorage.setItem(KEY, JSON.stringify(chosen));
    set({ chosen });
    for (const l of listeners) void l(kind);
  },
}));

export function microphoneConstraint(): MediaTrackConstraints | true {
  const id = useDevices.getState().chosen.microphone;
  return id ? { deviceId: { exact: id } } : true;
}

export async function applySpeaker(el: HTMLMediaElement, kind: 'speaker' | 'ringer' = 'speaker'): Promise<void> {
  const id = useDevices.getState().chosen[kind];
  await el.setSinkId(id).catch(() => undefined);
}
