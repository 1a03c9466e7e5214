/** Coaching under a text box: phrases to avoid, what to say instead, and crisis words called out. */
import { useTranslation } from 'react-i18next';
import { coach } from '../../../../shared/guidance/coach';
import { useTriggerPack } from '../guidance/store';

export function CoachHints({ text }: { text: string }) {
  const { t, i18n } = useTranslation();
  const pack = useTriggerPack(i18n.language);
  if (!pack || !text.trim()) return null;
  const findings = coach(text, pack);
  if (findings.length === 0) return null;
  const crisis = findings.some((f) => f.kind === 'crisis');
  return (
    <div className="coach" aria-live="polite" data-testid="coach">
      {crisis && (
        <p className="recommend" role="alert" data-testid="coach-crisis">
          {t('coach.crisis')}
        </p>
      )}
      <ul className="rows">
        {findings
          .filter((f) => f.kind === 'trigger')
          .map((f) => (
            <li key={`${f.id}-${f.start}`}>
              <span>
                <mark>“{text.slice(f.start, f.end)}”</mark> {t('coach.tryInstead')} <em>{f.instead[0]}</em>
              </span>
            </li>
          ))}
      </ul>
    </div>
  );
}
