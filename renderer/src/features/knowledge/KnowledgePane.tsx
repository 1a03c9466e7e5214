/**
 * The knowledge base in the guidance pane: a search box answered as the agent types (ranked, the matched words
 * marked), the articles the call's context suggests, and the article open to be read aloud. Alt+I goes to the
 * search; the arrow keys move through the results and Enter opens one.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_CODES, type LanguageCode } from '../../../../shared/i18n/languages';
import { useCallReason, reasonFor } from '../call-reason/store';
import { useCurrentPatient } from '../patient/current-patient';
import { useEscalation } from '../escalation/store';
import { liveCalls, usePhone } from '../phone/store';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';
import { ArticleReader } from './ArticleReader';
import { suggestContext } from './context';
import { Marked } from './Marked';
import { useKnowledge } from './store';

const languageOf = (code: string): LanguageCode => LANGUAGE_CODES.find((l) => l === code) ?? 'en';

/** Moves the focus between the buttons of a list with the arrow keys; above the first, back to `input`. */
function moveThrough(e: KeyboardEvent<HTMLUListElement>, input: HTMLInputElement | null) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...e.currentTarget.querySelectorAll('button')];
  const at = buttons.findIndex((b) => b === document.activeElement);
  e.preventDefault();
  const next = at + (e.key === 'ArrowDown' ? 1 : -1);
  if (next < 0) input?.focus();
  else buttons[Math.min(next, buttons.length - 1)]?.focus();
}

function useSuggestions(language: LanguageCode) {
  const call = usePhone((s) => liveCalls(s.calls).find((c) => c.state !== 'ended') ?? null);
  const reason = useCallReason((s) => reasonFor(s, call?.id ?? null));
  const summary = useCurrentPatient((s) => s.summary);
  const progress = useEscalation((s) => s.progress);
  const escalation = progress && call && progress.callId === call.id ? progress.escalation : null;
  const suggest = useKnowledge((s) => s.suggest);
  const [now] = useState(() => new Date());
  const context = suggestContext({ language, reason, summary, escalation, now });
  const key = JSON.stringify(context);
  useEffect(() => {
    void suggest(JSON.parse(key) as typeof context);
  }, [key, suggest]);
  return useKnowledge((s) => s.suggestions);
}

export function KnowledgePane() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const query = useKnowledge((s) => s.query);
  const results = useKnowledge((s) => s.results);
  const answered = useKnowledge((s) => s.answered);
  const article = useKnowledge((s) => s.article);
  const type = useKnowledge((s) => s.type);
  const open = useKnowledge((s) => s.open);
  const languageChanged = useKnowledge((s) => s.languageChanged);
  const suggestions = useSuggestions(language);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void languageChanged(language);
  }, [language, languageChanged]);
  useShortcut('knowledge', () => input.current?.focus());
  const openArticle = (slug: string) => {
    void open(slug, language);
  };

  return (
    <section className="knowledge" aria-labelledby="knowledge-title">
      <h3 id="knowledge-title">{t('knowledge.title')}</h3>
      <label htmlFor="knowledge-search">{t('knowledge.searchLabel')}</label>
      <input
        id="knowledge-search"
        ref={input}
        type="search"
        autoComplete="off"
        value={query}
        placeholder={t('knowledge.searchPlaceholder')}
        aria-keyshortcuts={SHORTCUTS.knowledge.label}
        aria-describedby="knowledge-count"
        onChange={(e) => {
          type(e.target.value, language);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            document.querySelector<HTMLButtonElement>('#knowledge-results button')?.focus();
          }
        }}
      />
      <p id="knowledge-count" className="muted" role="status">
        {query.trim() && answered ? t('knowledge.resultCount', { count: results.length }) : ''}
      </p>
      {results.length > 0 && (
        <ul
          id="knowledge-results"
          className="knowledge-list"
          aria-label={t('knowledge.resultsLabel')}
          onKeyDown={(e) => {
            moveThrough(e, input.current);
          }}
        >
          {results.map((r) => (
            <li key={r.slug}>
              <button
                type="button"
                className="knowledge-hit"
                onClick={() => {
                  openArticle(r.slug);
                }}
              >
                <strong lang={r.language}>{r.title}</strong>
                {r.outOfDate && <span className="badge warn">{t('knowledge.reviewOverdue')}</span>}
                <span className="knowledge-snippet" lang={r.language}>
                  <Marked text={r.snippet} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {suggestions.length > 0 && (
        <>
          <h4 id="knowledge-suggested">{t('knowledge.suggested')}</h4>
          <ul
            className="knowledge-list"
            aria-labelledby="knowledge-suggested"
            onKeyDown={(e) => {
              moveThrough(e, input.current);
            }}
          >
            {suggestions.map((s) => (
              <li key={s.slug}>
                <button
                  type="button"
                  className="knowledge-hit"
                  onClick={() => {
                    openArticle(s.slug);
                  }}
                >
                  <strong lang={s.language}>{s.title}</strong>
                  <span className="muted">{s.reasons.map((r) => t(`knowledge.because.${r}`)).join(' · ')}</span>
                  {s.outOfDate && <span className="badge warn">{t('knowledge.reviewOverdue')}</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {article && <ArticleReader article={article} />}
    </section>
  );
}
