/** The end-of-call report: the score against the rubric, automatic fails, N/A items and what to do differently. */
import { useTranslation } from 'react-i18next';
import { localise } from '../../../../shared/practice/schema';
import { must } from '../../../../shared/must';
import type { ItemGuidance, PracticeReport as Report } from '../../../../shared/practice/score';

export function PracticeReport({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const failed = report.items.filter((i) => i.result === 'fail');
  const list = (items: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(items);
  // Advice on identifiers follows who was calling: the patient, or someone on file acting for them.
  const guidance = (g: ItemGuidance) => {
    const identifiers = list(g.identifiers.map((id) => t(`verification.identifiers.${id}`).toLocaleLowerCase(i18n.language)));
    return g.caller === 'self'
      ? t('practice.advice.identifiersSelf', { identifiers })
      : t('practice.advice.identifiersProxy', { identifiers, relationship: g.relationship ?? t('practice.advice.relatedPerson') });
  };
  return (
    <section
      className={`practice-report ${report.passed ? 'passed' : 'failed'}`}
      aria-labelledby="practice-report-title"
      data-testid="practice-report"
      data-passed={String(report.passed)}
      data-percent={report.percent}
    >
      <h3 id="practice-report-title">
        {t('practice.report.title')}: <span data-testid="practice-verdict">{t(report.passed ? 'practice.report.passed' : 'practice.report.failed')}</span>
      </h3>
      <p data-testid="practice-percent">{t('practice.report.percent', { percent: report.percent, passMark: report.passMark })}</p>
      {report.handleSeconds !== null && <p className="small muted">{t('practice.report.handleTime', { seconds: report.handleSeconds })}</p>}
      {report.autoFailed.length > 0 && (
        <p className="recommend" role="alert" data-testid="practice-auto-failed">
          {t('practice.report.autoFailed', {
            items: report.autoFailed
              .map((id) =>
                t(
                  `practice.report.kinds.${
                    must(
                      report.items.find((i) => i.id === id),
                      'the rubric item of an auto-failed id',
                    ).kind
                  }`,
                ),
              )
              .join(', '),
          })}
        </p>
      )}
      <table className="rubric">
        <thead>
          <tr>
            <th scope="col">{t('practice.report.item')}</th>
            <th scope="col">{t('practice.report.weight')}</th>
            <th scope="col">{t('practice.report.resultTitle')}</th>
          </tr>
        </thead>
        <tbody>
          {report.items.map((i) => (
            <tr key={i.id} data-item={i.id} data-result={i.result}>
              <td>
                {t(`practice.report.kinds.${i.kind}`)}
                {i.autoFail && <span className="badge badge-bad">{t('practice.report.autoFailTag')}</span>}
              </td>
              <td>{i.weight}</td>
              <td>{t(`practice.report.result.${i.result}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('practice.report.doDifferently')}</h4>
      {failed.length === 0 ? (
        <p>{t('practice.report.allGood')}</p>
      ) : (
        <ul data-testid="practice-advice">
          {failed.map((i) => (
            <li key={i.id} dir="auto" data-advice={i.id}>
              {[i.guidance ? guidance(i.guidance) : null, i.advice ? localise(i.advice, i18n.language) : null].filter(Boolean).join(' ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
