/**
 * The knowledge base as the page holds it: the results of what the agent is typing (asked ~150 ms after the last
 * key; an answer to an older query is dropped), the articles the call's context suggests, and the article open to
 * be read aloud. Main answers from its index; nothing of the patient is sent (a reason, a service type, flag
 * categories, an escalation target).
 */
import { create } from 'zustand';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import type { KnowledgeArticleView, KnowledgeHit, KnowledgeSuggestion } from '../../../../shared/knowledge/article';
import type { ArgsOf } from '../../../../shared/ipc/contract';
import { invoke } from '../../app/api';
import { toastError } from '../../app/toasts';

/** How long after the last key a search is asked. */
export const SEARCH_DEBOUNCE_MS = 150;

export type SuggestContext = ArgsOf<'knowledge.suggest'>;

interface KnowledgeStore {
  query: string;
  /** The results for `query` (they stay while the next answer is on its way). */
  results: KnowledgeHit[];
  /** The query the results answer ('' before any). */
  answered: string;
  suggestions: KnowledgeSuggestion[];
  article: KnowledgeArticleView | null;
  /** The agent typed: the search is asked once they pause. */
  type: (query: string, language: LanguageCode) => void;
  suggest: (context: SuggestContext) => Promise<void>;
  open: (slug: string, language: LanguageCode) => Promise<void>;
  /** The agent's language changed: the open article is read again in it (or in English, said so). */
  languageChanged: (language: LanguageCode) => Promise<void>;
  close: () => void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
let searches = 0;
let suggestions = 0;

export const useKnowledge = create<KnowledgeStore>((set, get) => {
  const search = async (query: string, language: LanguageCode) => {
    const mine = ++searches;
    const r = await invoke('knowledge.search', { query, language });
    if (mine !== searches) return; // a newer query was asked meanwhile
    if (r.ok) set({ results: r.value, answered: query });
    else toastError(r.error);
  };
  return {
    query: '',
    results: [],
    answered: '',
    suggestions: [],
    article: null,
    type: (query, language) => {
      set({ query });
      if (timer) clearTimeout(timer);
      timer = null;
      if (!query.trim()) {
        searches += 1; // an answer still on its way is for text no longer there
        set({ results: [], answered: '' });
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        void search(get().query, language);
      }, SEARCH_DEBOUNCE_MS);
    },
    suggest: async (context) => {
      const mine = ++suggestions;
      const r = await invoke('knowledge.suggest', context);
      if (mine !== suggestions) return;
      if (r.ok) set({ suggestions: r.value });
      else toastError(r.error);
    },
    open: async (slug, language) => {
      const r = await invoke('knowledge.open', { slug, language });
      if (r.ok) set({ article: r.value });
      else toastError(r.error);
    },
    languageChanged: async (language) => {
      const open = get().article;
      if (open) await get().open(open.slug, language);
    },
    close: () => {
      set({ article: null });
    },
  };
});
