/** After-call work: the form's state, its timer start, and saving through the contract. */
import { create } from 'zustand';
import type { Disposition } from '../../../../shared/domain/wrap-up';
import type { CarefrontError } from '../../../../shared/errors';
import { invoke } from '../../app/api';
import { useCallReason } from '../call-reason/store';
import { progressOf, useGuide } from '../guides/store';

interface WrapUpState {
  /** A code of the dispositions file, or '' while none is chosen. */
  disposition: Disposition;
  notes: string;
  followUpAt: string;
  survey: boolean;
  /** About sensitive care: the contact is labelled and withheld from proxies. */
  sensitive: boolean;
  /** The caller was abusive: care for the agent (a reset is offered, the lead told); never stored with the contact. */
  abusiveCaller: boolean;
  saving: boolean;
  error: CarefrontError | null;
  savedId: string | null;
  set: (patch: Partial<Pick<WrapUpState, 'disposition' | 'notes' | 'followUpAt' | 'survey' | 'sensitive' | 'abusiveCaller'>>) => void;
  save: (context: { callId: string | null; patientId: string | null; handleSeconds: number; afterCallSeconds: number }) => Promise<boolean>;
  reset: () => void;
}

const initial = {
  disposition: '' as const,
  notes: '',
  followUpAt: '',
  survey: true,
  sensitive: false,
  abusiveCaller: false,
  saving: false,
  error: null,
  savedId: null,
};

export const useWrapUp = create<WrapUpState>((set, get) => ({
  ...initial,
  set: (patch) => {
    set({ ...patch, error: null });
  },
  save: async (ctx) => {
    const s = get();
    if (!s.disposition) return false;
    set({ saving: true, error: null });
    // The reason picked on the call, and how far its guide was followed.
    const callReason = useCallReason.getState().reason;
    const guide = useGuide.getState();
    const progress = callReason && guide.reason === callReason ? progressOf(guide) : undefined;
    const r = await invoke('wrapUp.save', {
      callReason,
      ...(progress ? { guide: progress } : {}),
      ...ctx,
      disposition: s.disposition,
      notes: s.notes,
      followUpAt: s.followUpAt ? new Date(s.followUpAt).toISOString() : null,
      survey: s.survey,
      sensitive: s.sensitive,
      abusiveCaller: s.abusiveCaller,
    });
    if (r.ok) {
      set({ ...initial, savedId: r.value.communicationId });
      useCallReason.getState().clear();
      useGuide.getState().close();
      return true;
    }
    set({ saving: false, error: r.error });
    return false;
  },
  reset: () => {
    set(initial);
  },
}));
