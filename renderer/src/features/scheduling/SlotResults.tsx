/**
 * What the search found, said the way good agents offer it (the next available first; when nothing is free, up to
 * when the search looked and how to widen it), the chosen slot's instructions to read out, and the confirmation.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlotView } from '../../../../shared/domain/scheduling';
import { useScheduling } from './store';
import { offerLine, searchEnd, slotWhen } from './offer';

export function SlotResults() {
  const { t, i18n } = useTranslation();
  const { slots, searched, selected, moving, busy, select, confirm, widen } = useScheduling();
  const lang = i18n.language;
  const list = useRef<HTMLUListElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // A new search's answer takes the focus (the next available first): Enter picks it. A picked time puts the
  // focus on its confirmation: Enter books or moves.
  useEffect(() => {
    list.current?.querySelector<HTMLButtonElement>('.slot')?.focus();
  }, [searched]);
  useEffect(() => {
    if (selected) confirmButton.current?.focus();
  }, [selected]);
  if (!slots || !searched) return null;
  if (slots.length === 0)
    return (
      <div className="schedule-results" data-testid="schedule-results">
        <p>{t('scheduling.none', { date: searchEnd(searched.to, lang) })}</p>
        <button type="button" className="secondary" disabled={busy} onClick={() => void widen('later')}>
          {t('scheduling.widen')}
        </button>
        {(searched.practitionerId || searched.locationId) && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void widen('anyone')}>
            {t('scheduling.anyone')}
          </button>
        )}
      </div>
    );
  return (
    <div className="schedule-results" data-testid="schedule-results">
      <h4 id="schedule-results-title">{t('scheduling.results')}</h4>
      <ul className="slot-list" aria-labelledby="schedule-results-title" ref={list}>
        {slots.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              className="slot"
              aria-pressed={selected?.id === s.id}
              data-slot-id={s.id}
              onClick={() => {
                select(s);
              }}
            >
              <span>{slotWhen(s.start, lang)}</span>
              <span className="muted small">{[s.practitioner?.name, s.location?.name, s.serviceType?.display].filter(Boolean).join(' · ')}</span>
              {i === 0 && <span className="badge">{t('scheduling.nextBadge')}</span>}
            </button>
          </li>
        ))}
      </ul>
      {selected && (
        <div className="slot-confirm" data-testid="slot-confirm">
          <p>{offerLine(t, selected, lang)}</p>
          <Instructions slot={selected} />
          <button type="button" ref={confirmButton} disabled={busy} onClick={() => void confirm(selected)} data-testid="slot-confirm-button">
            {moving ? t('scheduling.moveHere') : t('scheduling.book')}
          </button>
        </div>
      )}
    </div>
  );
}

/** What the patient is told to do for the visit, to read out. */
export function Instructions({ slot }: { slot: SlotView }) {
  const { t } = useTranslation();
  if (!slot.instructions) return null;
  return (
    <blockquote className="slot-instructions" data-testid="slot-instructions">
      <strong>{t('scheduling.instructions')}</strong> {slot.instructions}
    </blockquote>
  );
}
