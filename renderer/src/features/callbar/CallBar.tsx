/** The call bar: phone registration state, the EHR link, the dial box, the agent's status, the language and who is signed in. */
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-store';
import { StatusSelector } from '../status/StatusSelector';
import { LanguageSwitcher } from '../language/LanguageSwitcher';
import { useState } from 'react';
import { Calls } from '../phone/Calls';
import { usePhone } from '../phone/store';
import { PhoneSettings } from '../phone/PhoneSettings';
import { AudioDevices } from '../phone/AudioDevices';
import { ShortcutHelp } from '../shortcuts/ShortcutHelp';
import { useMediaStats } from '../../media/media-stats';
import { EhrLinkIndicator } from '../ehr-link/EhrLinkIndicator';
import { SignedInUser } from '../identity/SignedInUser';

export function CallBar() {
  const { t } = useTranslation();
  const { info, phone } = useApp();
  const registration = phone?.registration ?? 'offline';
  const ready = registration === 'registered';
  const [number, setNumber] = useState('');
  const dial = usePhone((st) => st.dial);
  const takeMedia = usePhone((st) => st.takeMedia);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const mediaHere = useMediaStats((st) => st.owner);
  return (
    <header className="callbar">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          C
        </span>
        <div className="brand-text">
          <h1 className="brand-name">{t('app.title')}</h1>
          {info && <span className="badge">{t(`app.transport.${info.transport}`)}</span>}
        </div>
      </div>
      {/* The phone's and the EHR link's state, one above the other: two short lines, not two places on the row. */}
      <div className="callbar-status">
        <div className={`phone-state phone-${registration}`} role="status" aria-live="polite" data-testid="phone-state">
          <span className="dot" aria-hidden="true" />
          <span>{t(`phone.registration.${registration}`)}</span>
        </div>
        <EhrLinkIndicator />
      </div>
      <form
        className="dial"
        aria-label={t('phone.label')}
        onSubmit={(e) => {
          e.preventDefault();
          if (number.trim())
            void dial(number.trim()).then((ok) => {
              if (ok) setNumber('');
            });
        }}
      >
        <label htmlFor="dial-number" className="visually-hidden">
          {t('phone.dialLabel')}
        </label>
        <input
          id="dial-number"
          type="tel"
          inputMode="tel"
          maxLength={32}
          placeholder={t('phone.dialLabel')}
          disabled={!ready}
          value={number}
          onChange={(e) => {
            setNumber(e.target.value);
          }}
        />
        <button type="submit" disabled={!ready}>
          {t('phone.dial')}
        </button>
      </form>
      <button
        type="button"
        className="secondary icon-button"
        aria-expanded={settingsOpen}
        title={t('phoneSettings.open')}
        onClick={() => {
          setSettingsOpen(!settingsOpen);
        }}
      >
        <span aria-hidden="true">⚙</span>
        <span className="visually-hidden">{t('phoneSettings.open')}</span>
      </button>
      <div className="callbar-end">
        <ShortcutHelp />
        <StatusSelector />
        <LanguageSwitcher />
        <SignedInUser />
      </div>
      <Calls />
      {settingsOpen && (
        <div className="callbar-row">
          <PhoneSettings
            onClose={() => {
              setSettingsOpen(false);
            }}
          />
          <AudioDevices />
        </div>
      )}
      {!mediaHere && (
        <p className="phone-banner" role="alert" data-testid="media-elsewhere">
          {t('phone.mediaElsewhere')}{' '}
          <button type="button" onClick={() => void takeMedia()}>
            {t('phone.useThisWindow')}
          </button>
        </p>
      )}
      {!ready && phone?.reason && (
        <p className="phone-banner" role="note" data-testid="phone-banner">
          {t(`phone.reason.${phone.reason}`)}
        </p>
      )}
    </header>
  );
}
