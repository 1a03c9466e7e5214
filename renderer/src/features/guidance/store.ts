/**
 * The guidance texts from the team lead's data files, per UI language, each fetched once from main:
 * the coach's phrases (under text boxes) and the empathy prompts (on a call).
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { TriggerPack } from '../../../../shared/guidance/coach';
import type { PromptPack } from '../../../../shared/guidance/prompts';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { invoke } from '../../app/api';

interface GuidanceStore {
  triggers: Partial<Record<LanguageCode, TriggerPack>>;
  prompts: Partial<Record<LanguageCode, PromptPack>>;
  /** Fetches the language's coach phrases unless they are here already (a failure is tried again next time). */
  loadTriggers: (language: LanguageCode) => Promise<void>;
  /** Fetches the language's empathy prompts unless they are here already. */
  loadPrompts: (language: LanguageCode) => Promise<void>;
}

export const useGuidance = create<GuidanceStore>((set, get) => ({
  triggers: {},
  prompts: {},
  loadTriggers: async (language) => {
    if (get().triggers[language]) return;
    const r = await invoke('guidance.triggers', { language });
    if (r.ok) set((s) => ({ triggers: { ...s.triggers, [language]: r.value } }));
  },
  loadPrompts: async (language) => {
    if (get().prompts[language]) return;
    const r = await invoke('guidance.prompts', { language });
    if (r.ok) set((s) => ({ prompts: { ...s.prompts, [language]: r.value } }));
  },
}));

/** The coach's phrases for the UI language (null until they arrive). */
export function useTriggerPack(language: string): TriggerPack | null {
  const code = language as LanguageCode;
  const pack = useGuidance((s) => s.triggers[code]);
  const load = useGuidance((s) => s.loadTriggers);
  useEffect(() => void load(code), [load, code]);
  return pack ?? null;
}

/** The empathy prompts for the UI language (null until they arrive). */
export function usePromptPack(language: string): PromptPack | null {
  const code = language as LanguageCode;
  const pack = useGuidance((s) => s.prompts[code]);
  const load = useGuidance((s) => s.loadPrompts);
  useEffect(() => void load(code), [load, code]);
  return pack ?? null;
}
