/** The call bar: phone registration state, the dial box, the agent's status and the language. */
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-store';
import { StatusSelector } from '../status/StatusSelector';
import { LanguageSwitcher } from '../language/LanguageSwitcher';

export function CallBar() {
  const { t } = useTranslation();
  const { info, phone } = useApp();
  const registration = phone?.registration ?? 'offline';
  const ready = registration === 'registered';
  return (
    <header className="callbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          C
        </span>
        <h1 className="brand-name">{t('app.title')}</h1>
        {info && <span className="badge">{t(`app.transport.${info.transport}`)}</span>}
      </div>
      <div className={`phone-state phone-${registration}`} role="status" aria-live="polite" data-testid="phone-state">
        <span className="dot" aria-hidden="true" />
        <span>{t(`phone.registration.${registration}`)}</span>
      </div>
      <form className="dial" onSubmit={(e) => e.preventDefault()} aria-label={t('phone.label')}>
        <label htmlFor="dial-number" className="visually-hidden">
          {t('phone.dialLabel')}
        </label>
        <input id="dial-number" type="tel" inputMode="tel" maxLength={32} placeholder={t('phone.dialLabel')} disabled={!ready} />
        <button type="submit" disabled={!ready}>
          {t('phone.dial')}
        </button>
      </form>
      <div className="callbar-end">
        <StatusSelector />
        <LanguageSwitcher />
      </div>
      {!ready && phone?.reason && (
        <p className="phone-banner" role="note" data-testid="phone-banner">
          {t(`phone.reason.${phone.reason}`)}
        </p>
      )}
    </header>
  );
}
