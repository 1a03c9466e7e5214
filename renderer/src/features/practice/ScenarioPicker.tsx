/**
 * The trainee names themselves and picks a scenario; its simulated caller then rings in. A card shows
 * only what the queue would tell an agent (who is calling, and why): the scenario's title, the caller's
 * mood and language and the expected handling would give the answer away, and come with the report.
 */
import { useTranslation } from 'react-i18next';
import { localise } from '../../../../shared/practice/schema';
import { usePractice } from './store';

export function ScenarioPicker() {
  const { t, i18n } = useTranslation();
  const { scenarios, trainee, setTrainee, start, loadHistory } = usePractice();
  const named = trainee.trim().length >= 2;
  return (
    <div className="practice-picker">
      <div className="field">
        <label htmlFor="practice-trainee">{t('practice.trainee')}</label>
        <input
          id="practice-trainee"
          maxLength={80}
          autoComplete="name"
          value={trainee}
          onChange={(e) => {
            setTrainee(e.target.value);
          }}
          onBlur={() => void loadHistory()}
        />
      </div>
      <h3 id="practice-pick">{t('practice.pickScenario')}</h3>
      <ul className="scenario-list" aria-labelledby="practice-pick">
        {scenarios.map((s) => (
          <li key={s.id} className="scenario-card" data-scenario={s.id}>
            <strong dir="auto">{t('practice.card.caller', { name: s.caller })}</strong>
            <p className="small" dir="auto" data-testid="scenario-brief">
              {localise(s.brief, i18n.language)}
            </p>
            <button type="button" disabled={!named} onClick={() => void start(s.id)}>
              {t('practice.start')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
