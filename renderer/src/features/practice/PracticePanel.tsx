/**
 * Practice mode's panel above the workspace: pick a scenario; during the call the caller's captions
 * and the reply box (the call bar, screen pop, identity checklist, prompts and escalation buttons
 * below are the real ones); at the end the report; and the history.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../../../../shared/i18n/languages';
import { localise } from '../../../../shared/practice/schema';
import { CallerCaptions } from './CallerCaptions';
import { PracticeHistory } from './PracticeHistory';
import { PracticeReport } from './PracticeReport';
import { ReplyBox } from './ReplyBox';
import { ScenarioPicker } from './ScenarioPicker';
import { usePractice } from './store';

const languageName = (code: LanguageCode) => LANGUAGES.find((l) => l.code === code)?.name ?? code;

export function PracticePanel() {
  const { t, i18n } = useTranslation();
  const { view, load, dismiss } = usePractice();
  useEffect(() => void load(), [load]);
  return (
    <section className="practice pane" aria-labelledby="practice-title" data-testid="practice" data-phase={view?.phase ?? 'picking'}>
      <h2 id="practice-title">
        {t('practice.title')}
        {view?.title && <span className="muted"> · {localise(view.title, i18n.language)}</span>}
      </h2>
      {view && !view.report && (
        <p className="small" dir="auto" data-testid="practice-brief">
          {localise(view.brief, i18n.language)}
        </p>
      )}
      {!view ? (
        <div className="practice-columns">
          <ScenarioPicker />
          <PracticeHistory />
        </div>
      ) : (
        <div className="practice-columns">
          <CallerCaptions view={view} />
          <div>
            <ReplyBox view={view} />
            {view.report && (
              <>
                <PracticeReport report={view.report} />
                {view.handling && (
                  <p className="small" data-testid="practice-handling">
                    <strong>{t('practice.report.handling')}</strong> <span dir="auto">{localise(view.handling, i18n.language)}</span>
                  </p>
                )}
                {view.persona && (
                  <p className="small" data-testid="practice-persona">
                    <strong>{t('practice.report.theCaller', { name: view.persona.name })}</strong>{' '}
                    <span dir="auto">{localise(view.persona.description, i18n.language)}</span>{' '}
                    <span className="badge">{t(`practice.mood.${view.persona.mood}`)}</span>{' '}
                    <span className="badge">{t('practice.callerLanguage', { language: languageName(view.persona.language) })}</span>
                  </p>
                )}
                <button type="button" onClick={() => void dismiss()}>
                  {t('practice.report.another')}
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
