/**
 * Finished practice calls: the trainee's own (from the practice store), or everyone's for a team lead's review (from the
 * site's FHIR server when it has one, with a line saying where they came from).
 */
import { useTranslation } from 'react-i18next';
import { localise } from '../../../../shared/practice/schema';
import { usePractice } from './store';
import { useApp } from '../../app/app-store';
import { TeamDataSourceLine } from '../ehr-link/TeamDataSource';

export function PracticeHistory() {
  const { t, i18n } = useTranslation();
  const { history, historySource, historyScope, loadHistory, scenarios } = usePractice();
  // Everyone's history is a team lead's review; a trainee sees their own.
  const lead = useApp((s) => s.info?.role === 'teamLead');
  const title = (id: string) => {
    const s = scenarios.find((x) => x.id === id);
    return s ? localise(s.title, i18n.language) : id;
  };
  return (
    <section className="practice-history" aria-labelledby="practice-history-title" data-testid="practice-history">
      <h3 id="practice-history-title">{t('practice.history.title')}</h3>
      <div className="chips" role="group" aria-label={t('practice.history.title')}>
        {(lead ? (['mine', 'everyone'] as const) : (['mine'] as const)).map((scope) => (
          <button key={scope} type="button" className="secondary chip" aria-pressed={historyScope === scope} onClick={() => void loadHistory(scope)}>
            {t(`practice.history.${scope}`)}
          </button>
        ))}
      </div>
      {lead && historySource && <TeamDataSourceLine source={historySource} testId="practice-history-source" />}
      {history.length === 0 ? (
        <p className="muted">{t('practice.history.empty')}</p>
      ) : (
        <ul className="rows">
          {history.map((a) => (
            <li key={a.id} data-scenario={a.scenarioId} data-passed={String(a.passed)}>
              {t('practice.history.row', {
                date: new Date(a.endedAt).toLocaleString(i18n.language),
                trainee: a.trainee,
                scenario: title(a.scenarioId),
                percent: a.percent,
              })}{' '}
              <span className={`badge ${a.passed ? '' : 'badge-bad'}`}>{t(a.passed ? 'practice.report.passed' : 'practice.report.failed')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
