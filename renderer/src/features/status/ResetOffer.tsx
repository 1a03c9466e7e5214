/**
 * After a hard call the desk offers a short reset: one key or click takes it (the button has the focus), Escape or
 * "Not now" declines. Nothing of the caller is shown; it is for the agent only.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgentStatus } from './store';
import { duration } from '../board/use-now';

export function ResetOffer() {
  const { t } = useTranslation();
  const { offer, takeReset, declineReset } = useAgentStatus();
  const take = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (offer) take.current?.focus();
  }, [offer]);
  if (!offer) return null;
  return (
    <div
      className="reset-offer"
      role="dialog"
      aria-labelledby="reset-offer-title"
      aria-describedby="reset-offer-text"
      data-testid="reset-offer"
      onKeyDown={(e) => {
        if (e.key === 'Escape') declineReset();
      }}
    >
      <strong id="reset-offer-title">{t('notReady.reset.title')}</strong>{' '}
      <span id="reset-offer-text">
        {offer.limitMinutes === null ? t('notReady.reset.offerNoLimit') : t('notReady.reset.offer', { limit: duration(offer.limitMinutes * 60) })}
      </span>{' '}
      <button type="button" ref={take} onClick={() => void takeReset()}>
        {t('notReady.reset.take')}
      </button>{' '}
      <button type="button" onClick={declineReset}>
        {t('notReady.reset.decline')}
      </button>
    </div>
  );
}
