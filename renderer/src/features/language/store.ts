/** The UI language: the one the main process remembers (settings), and changing it. */
import { create } from 'zustand';
import i18next from 'i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { invoke } from '../../app/api';
import { toastError } from '../../app/toasts';

interface LanguageStore {
  /** The language saved in main's settings; English when it cannot be read. */
  loadSaved: () => Promise<LanguageCode>;
  /** Changes the UI language at once and remembers it in main's settings. */
  change: (language: LanguageCode) => Promise<void>;
}

export const useLanguage = create<LanguageStore>(() => ({
  loadSaved: async () => {
    const r = await invoke('settings.get', {});
    return r.ok ? r.value.language : 'en';
  },
  change: async (language) => {
    await i18next.changeLanguage(language);
    const r = await invoke('settings.setLanguage', { language });
    if (!r.ok) toastError(r.error);
  },
}));
