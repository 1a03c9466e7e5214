/**
 * The call guide open on the call in progress: the guide of the reason picked (in the desk's language), the path of
 * steps walked (Back goes one step back), and the checklist items ticked. Its progress goes with the wrap-up.
 */
import { create } from 'zustand';
import type { CallReason } from '../../../../shared/domain/call-reasons';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import type { GuideProgress } from '../../../../shared/guides/progress';
import type { Guide, GuideStep } from '../../../../shared/guides/schema';
import { invoke } from '../../app/api';
import { toastError } from '../../app/toasts';

interface GuideState {
  /** The call and reason the guide was opened for (null: none open). */
  callId: string | null;
  reason: CallReason | null;
  guide: Guide | null;
  /** The guide is the English one: the desk's language has none. */
  fallback: boolean;
  path: string[];
  /** Ticked items, as `<step id>.<item id>`. */
  checked: string[];
  /** Opens the reason's guide for the call (at its first step), or the same guide in another language (the path kept). */
  open: (callId: string, reason: CallReason, language: LanguageCode) => Promise<void>;
  go: (stepId: string) => void;
  back: () => void;
  toggle: (stepId: string, itemId: string) => void;
  close: () => void;
}

const closed = { callId: null, reason: null, guide: null, fallback: false, path: [], checked: [] };

export const useGuide = create<GuideState>((set, get) => ({
  ...closed,
  open: async (callId, reason, language) => {
    const r = await invoke('guides.get', { reason, language });
    if (!r.ok) {
      toastError(r.error);
      return;
    }
    const { guide, fallback } = r.value;
    const s = get();
    const same = s.callId === callId && s.reason === reason && s.guide !== null;
    set(same ? { guide, fallback } : { callId, reason, guide, fallback, path: [guide.steps[0]?.id ?? ''], checked: [] });
  },
  go: (stepId) => {
    set((s) => ({ path: [...s.path, stepId] }));
  },
  back: () => {
    set((s) => {
      if (s.path.length <= 1) return s;
      const left = s.path.slice(0, -1);
      // Items ticked on a step no longer walked are untouched there now.
      return { path: left, checked: s.checked.filter((c) => left.includes(c.split('.')[0] ?? '')) };
    });
  },
  toggle: (stepId, itemId) => {
    const key = `${stepId}.${itemId}`;
    set((s) => ({ checked: s.checked.includes(key) ? s.checked.filter((c) => c !== key) : [...s.checked, key] }));
  },
  close: () => {
    set(closed);
  },
}));

/** The step the agent is at. */
export function currentStep(s: Pick<GuideState, 'guide' | 'path'>): GuideStep | null {
  const id = s.path[s.path.length - 1];
  return s.guide?.steps.find((x) => x.id === id) ?? null;
}

/** What goes with the wrap-up: the guide, its language, the path, the ticks, and whether it reached an end step. */
export function progressOf(s: Pick<GuideState, 'guide' | 'path' | 'checked'>): GuideProgress | undefined {
  if (!s.guide || s.path.length === 0) return undefined;
  return { guide: s.guide.id, language: s.guide.language, path: s.path, checked: s.checked, finished: currentStep(s)?.end === true };
}
