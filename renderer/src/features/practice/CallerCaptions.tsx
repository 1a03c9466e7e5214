/** The simulated caller's lines as captions (spoken aloud where the platform can), newest last. */
import { useTranslation } from 'react-i18next';
import type { PracticeView } from '../../../../shared/practice/view';
import { canSpeak } from './speech';
import { usePractice } from './store';

export function CallerCaptions({ view }: { view: PracticeView }) {
  const { t } = useTranslation();
  const { speakAloud, setSpeakAloud } = usePractice();
  return (
    <div className="practice-captions">
      <h3 id="practice-captions-title">{t('practice.captions')}</h3>
      {canSpeak() && (
        <label className="check small">
          <input
            type="checkbox"
            checked={speakAloud}
            onChange={(e) => {
              setSpeakAloud(e.target.checked);
            }}
          />{' '}
          {t('practice.speak')}
        </label>
      )}
      {view.phase === 'ringing' && <p className="muted">{t('practice.ringing')}</p>}
      <div role="log" aria-live="polite" aria-labelledby="practice-captions-title" data-testid="practice-captions">
        <ol className="captions">
          {view.captions.map((c, i) => (
            <li key={`${c.at}-${i}`} lang={c.language} dir="auto" className={c.nudge ? 'nudge' : undefined}>
              {c.text} {c.nudge && <span className="muted small">{t('practice.nudge')}</span>}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
