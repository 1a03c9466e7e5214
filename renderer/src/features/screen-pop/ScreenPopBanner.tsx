/** Who is calling: the matches for the caller ID, to pick from (a family phone matches several). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentPatient } from '../patient/current-patient';
import { popShown } from './pop-rendered-mark';
import { useScreenPop } from './store';
import { isolateName, PersonName } from '../patient/PersonName';
import { useHandoff } from '../handoff/store';
import { usePhoneNumber } from '../../format/use-phone-number';

export function ScreenPopBanner() {
  const { t } = useTranslation();
  const pop = useScreenPop((s) => s.pop);
  const current = useCurrentPatient();
  const phoneNumber = usePhoneNumber();
  // A call another desk handed over with its caller: the hand-off panel says who is calling, not the caller ID.
  const handedOver = useHandoff((s) => !!pop && s.view?.status === 'confirmed' && s.view.callId === pop.callId);
  useEffect(() => {
    if (pop && pop.matches.length !== 1) popShown(null);
  }, [pop]);
  // Once the caller is known (picked from several, or the one match opened), the list folds to who is calling.
  const [unfoldedFor, setUnfoldedFor] = useState<string | null>(null);
  if (!pop || handedOver) return null;
  const single = pop.matches.length === 1 ? pop.matches[0] : undefined;
  const picked = pop.matches.find((m) => m.patientId === current.match?.patientId && m.relatedPersonId === current.match.relatedPersonId);
  if (picked && pop.matches.length > 1 && unfoldedFor !== pop.callId) {
    return (
      <section className="screen-pop folded" aria-labelledby="screen-pop-title" data-testid="screen-pop" data-folded="true">
        <h3 id="screen-pop-title">{pop.number ? t('screenPop.from', { number: phoneNumber(pop.number) }) : t('screenPop.withheld')}</h3>
        <p>{t('layout.popFolded', { name: isolateName(picked.name) })}</p>
        <button
          type="button"
          className="link"
          onClick={() => {
            setUnfoldedFor(pop.callId);
          }}
        >
          {t('layout.popOthers', { count: pop.matches.length - 1 })}
        </button>
      </section>
    );
  }
  return (
    <section className="screen-pop" aria-live="assertive" aria-labelledby="screen-pop-title" data-testid="screen-pop">
      <h3 id="screen-pop-title">{pop.number ? t('screenPop.from', { number: phoneNumber(pop.number) }) : t('screenPop.withheld')}</h3>
      <p className="muted small">{pop.matches.length === 0 ? t('screenPop.none') : t('screenPop.matches', { count: pop.matches.length })}</p>
      {single?.via === 'relatedPerson' && (
        <p className="pop-related" data-testid="pop-related">
          {t('screenPop.relatedOnly', {
            patient: single.name,
            relationship: single.relationship ?? '—',
            name: single.relatedPersonName ?? '—',
          })}
        </p>
      )}
      {single?.via === 'patient' && (
        <p className="muted small" data-testid="pop-own">
          {t('screenPop.ownNumber', { patient: single.name })}
        </p>
      )}
      {pop.matches.length > 1 && (
        <ul className="rows">
          {pop.matches.map((m) => (
            <li key={`${m.patientId}-${m.relatedPersonId ?? ''}`}>
              <button
                type="button"
                className="link"
                aria-pressed={current.match?.patientId === m.patientId}
                onClick={() => void current.select(m, 'agent picked the caller from the screen pop')}
              >
                <PersonName name={m.name} />
              </button>
              {m.via === 'relatedPerson' && (
                <span className="muted small">
                  {t('patient.viaRelated', { name: isolateName(m.relatedPersonName ?? ''), relationship: m.relationship ?? '' })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
