/**
 * Empathy prompts for the moment: what the agent says is going on, the patient's flags, a long hold.
 * The texts come from the team lead's data files, in the agent's language.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MOMENTS, selectPrompts, type Moment } from '../../../../shared/guidance/prompts';
import { usePromptPack } from '../guidance/store';
import { useCurrentPatient } from '../patient/current-patient';
import { liveCalls, usePhone } from '../phone/store';

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(t);
    };
  }, []);
  return now;
}

export function EmpathyPrompts() {
  const { t, i18n } = useTranslation();
  const pack = usePromptPack(i18n.language);
  const calls = usePhone((s) => s.calls);
  // Select the stable object; a fresh [] from a selector would re-render forever.
  const summary = useCurrentPatient((s) => s.summary);
  const flags = summary?.flags ?? [];
  const [chosen, setChosen] = useState<Moment | null>(null);
  const now = useNow();
  const call = liveCalls(calls).find((c) => c.state === 'active' || c.state === 'held');
  if (!pack || !call) return null;
  const holdSeconds = call.heldSince ? Math.floor((now - new Date(call.heldSince).getTime()) / 1000) : 0;
  const prompts = selectPrompts({ chosen, flags, holdSeconds }, pack);
  return (
    <section className="prompts" aria-labelledby="prompts-title" data-testid="prompts">
      <h3 id="prompts-title">{t('prompts.title')}</h3>
      <div className="chips" role="group" aria-label={t('prompts.pick')}>
        {MOMENTS.map((m) => (
          <button
            key={m}
            type="button"
            className="secondary chip"
            aria-pressed={chosen === m}
            onClick={() => {
              setChosen(chosen === m ? null : m);
            }}
          >
            {t(`prompts.moments.${m}`)}
          </button>
        ))}
      </div>
      {prompts.map((p) => (
        <blockquote key={p.id} className="prompt" data-moment={p.moment}>
          {p.text}
        </blockquote>
      ))}
    </section>
  );
}
