/** Calls as the main process reports them (plain data keyed by call id), and the actions on them. */
import { create } from 'zustand';
import type { CallView } from '../../../../shared/domain/call';
import type { ArgsOf, ChannelName, Events } from '../../../../shared/ipc/contract';
import type { CarefrontError } from '../../../../shared/errors';
import { invoke, onEvent } from '../../app/api';
import { toastError } from '../../app/toasts';
import { takeMedia } from '../../media/media-bridge';

/** What the phone settings form sends: the account, as main's schema takes it. */
export type SipAccountInput = ArgsOf<'phone.configure'>;

interface PhoneStore {
  calls: Record<string, CallView>;
  /** A team lead's monitoring legs (listen / whisper / barge): not calls with a caller, never rung. */
  monitors: Record<string, CallView>;
  /** The last conference or monitoring session undone because its audio failed (shown until dismissed or the next call). */
  mediaFailure: Events['call.mediaFailed'] | null;
  dismissMediaFailure: () => void;
  load: () => Promise<void>;
  // Each action resolves true when main did it; a refusal is shown as a toast.
  dial: (number: string) => Promise<boolean>;
  answer: (callId: string) => Promise<boolean>;
  reject: (callId: string) => Promise<boolean>;
  hangUp: (callId: string) => Promise<boolean>;
  hold: (callId: string, on: boolean) => Promise<boolean>;
  mute: (callId: string, muted: boolean) => Promise<boolean>;
  sendDigits: (callId: string, digits: string) => Promise<boolean>;
  transfer: (callId: string, target: string) => Promise<boolean>;
  /** Attended transfer: the caller on `callId` is handed to the colleague on `consultCallId`. */
  completeTransfer: (callId: string, consultCallId: string) => Promise<boolean>;
  /** Three-way: the two calls joined, the agent staying on. */
  conference: (callId: string, otherCallId: string) => Promise<boolean>;
  /** Saves the SIP account: null when saved, else main's error (with the fields at fault). */
  configure: (account: SipAccountInput) => Promise<CarefrontError | null>;
  /** This window takes the calls' media (microphone, speaker) from another window of the app. */
  takeMedia: () => Promise<void>;
}

/** Runs one channel; a refusal is shown as a toast. */
async function act<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<boolean> {
  const r = await invoke(channel, args);
  if (!r.ok) toastError(r.error);
  return r.ok;
}

export const usePhone = create<PhoneStore>((set) => ({
  calls: {},
  monitors: {},
  mediaFailure: null,
  dismissMediaFailure: () => {
    set({ mediaFailure: null });
  },
  load: async () => {
    const r = await invoke('phone.getState', {});
    if (r.ok) {
      set({
        calls: Object.fromEntries(r.value.calls.filter((c) => !c.monitor).map((c) => [c.id, c])),
        monitors: Object.fromEntries(r.value.calls.filter((c) => c.monitor).map((c) => [c.id, c])),
      });
    }
  },
  dial: (number) => act('phone.dial', { number }),
  answer: (callId) => act('phone.answer', { callId }),
  reject: (callId) => act('phone.reject', { callId }),
  hangUp: (callId) => act('phone.hangup', { callId }),
  hold: (callId, on) => act('phone.hold', { callId, hold: on }),
  mute: (callId, muted) => act('phone.mute', { callId, muted }),
  sendDigits: (callId, digits) => act('phone.dtmf', { callId, digits }),
  transfer: (callId, target) => act('phone.transfer', { callId, target }),
  completeTransfer: (callId, consultCallId) => act('phone.attendedTransfer', { callId, consultCallId }),
  conference: (callId, otherCallId) => act('phone.conference', { callId, otherCallId }),
  configure: async (account) => {
    const r = await invoke('phone.configure', account);
    return r.ok ? null : r.error;
  },
  takeMedia: async () => {
    await takeMedia();
  },
}));

onEvent('call.updated', (call) => {
  usePhone.setState((s) => {
    const key = call.monitor ? 'monitors' : 'calls';
    const others = Object.fromEntries(Object.entries(s[key]).filter(([id]) => id !== call.id));
    const next = call.state === 'ended' ? others : { ...others, [call.id]: call };
    // A new caller: an earlier failure notice is no longer about this call.
    const fresh = !call.monitor && call.state === 'ringing' && !s.calls[call.id];
    return { [key]: next, ...(fresh ? { mediaFailure: null } : {}) };
  });
});
onEvent('call.mediaFailed', (mediaFailure) => {
  usePhone.setState({ mediaFailure });
});

export const liveCalls = (calls: Record<string, CallView>) => Object.values(calls).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
