/** "My day": the agent's own calls, average handle time and after-call work, and time in each state, today. */
import { useTranslation } from 'react-i18next';
import { useLoadEvery } from '../../app/use-load-every';
import { AGENT_STATES } from '../../../../shared/domain/agent';
import { formatClock, formatDuration } from '../../format/language-duration';
import { useMyDay } from './store';

const REFRESH_MS = 60_000;

export function MyDayPanel() {
  const { t, i18n } = useTranslation();
  const day = useMyDay((s) => s.day);
  const load = useMyDay((s) => s.load);
  useLoadEvery(load, REFRESH_MS);
  if (!day) return null;
  const lang = i18n.language;
  const average = (s: number | null) => (s === null ? '—' : formatClock(s, lang));
  return (
    <section className="my-day" aria-labelledby="my-day-title" data-testid="my-day">
      <h3 id="my-day-title">{t('myDay.title')}</h3>
      <dl className="my-day-figures">
        <div>
          <dt>{t('myDay.calls')}</dt>
          <dd data-testid="my-day-calls">{t('myDay.answeredOf', { answered: day.answered, calls: day.calls })}</dd>
        </div>
        <div>
          <dt>{t('myDay.averageHandle')}</dt>
          <dd data-testid="my-day-handle">{average(day.averageHandleSeconds)}</dd>
        </div>
        <div>
          <dt>{t('myDay.averageAfterCall')}</dt>
          <dd data-testid="my-day-after-call">{average(day.averageAfterCallSeconds)}</dd>
        </div>
      </dl>
      <p className="muted small">{t('myDay.inState')}</p>
      <ul className="my-day-states">
        {AGENT_STATES.filter((s) => (day.secondsInState[s] ?? 0) > 0).map((s) => (
          <li key={s} data-state={s}>
            {t(`status.${s}`)}: {formatDuration(day.secondsInState[s] ?? 0, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}
