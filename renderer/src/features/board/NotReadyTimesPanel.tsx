/** The KPIs' not-ready figures: time in each reason per agent and for the whole team, as this lead's desk counted it. */
import { useTranslation } from 'react-i18next';
import { useLoadEvery } from '../../app/use-load-every';
import { useBoard } from './store';
import { duration } from './use-now';
import { reasonLabel } from '../status/reason-label';

/** How often the figures are read again (the board's own timers run live; these are totals). */
const REFRESH_MS = 15_000;

export function NotReadyTimesPanel() {
  const { t, i18n } = useTranslation();
  const times = useBoard((s) => s.notReadyTimes);
  const load = useBoard((s) => s.loadNotReadyTimes);
  useLoadEvery(load, REFRESH_MS);
  const reasons = Object.keys(times?.team ?? {});
  return (
    <section className="not-ready-times" aria-labelledby="not-ready-times-title" data-testid="not-ready-times">
      <h2 id="not-ready-times-title">{t('notReady.times.title')}</h2>
      {times && (
        <p className="muted small">
          {t('notReady.times.since', { time: new Date(times.since).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) })}
        </p>
      )}
      {reasons.length === 0 ? (
        <p className="muted">{t('notReady.times.none')}</p>
      ) : (
        <table className="board">
          <thead>
            <tr>
              <th scope="col">{t('notReady.times.agent')}</th>
              {reasons.map((r) => (
                <th key={r} scope="col">
                  {reasonLabel(t, r)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {times?.agents
              .filter((a) => Object.keys(a.seconds).length > 0)
              .map((a) => (
                <tr key={a.agent} data-testid="not-ready-times-row" data-agent={a.agent}>
                  <th scope="row">{a.name}</th>
                  {reasons.map((r) => (
                    <td key={r} className="num">
                      {a.seconds[r] === undefined ? '' : duration(a.seconds[r])}
                    </td>
                  ))}
                </tr>
              ))}
            <tr data-testid="not-ready-times-team">
              <th scope="row">{t('notReady.times.team')}</th>
              {reasons.map((r) => (
                <td key={r} className="num">
                  {duration(times?.team[r] ?? 0)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
