import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePatientSearch, type SearchMode } from './store';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';

const MODES: SearchMode[] = ['phone', 'nameDob', 'mrn'];

export function PatientSearch() {
  const { t } = useTranslation();
  const { mode, busy, setMode, search } = usePatientSearch();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [mrn, setMrn] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  // Alt+S: to the search, wherever the agent is (an unknown caller).
  useShortcut('search', () => formRef.current?.querySelector<HTMLInputElement>('input:not([type=radio])')?.focus());

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (mode === 'phone') void search({ mode, phone });
    else if (mode === 'mrn') void search({ mode, mrn });
    else void search({ mode, name, birthDate });
  };

  return (
    <form className="patient-search" ref={formRef} onSubmit={submit} aria-labelledby="patient-search-title" aria-keyshortcuts={SHORTCUTS.search.label}>
      <h3 id="patient-search-title">{t('patient.searchTitle')}</h3>
      <div className="segmented" role="radiogroup" aria-label={t('patient.searchTitle')}>
        {MODES.map((m) => (
          <label key={m} className={m === mode ? 'selected' : ''}>
            <input
              type="radio"
              name="search-mode"
              value={m}
              checked={m === mode}
              onChange={() => {
                setMode(m);
              }}
            />
            {t(`patient.mode.${m}`)}
          </label>
        ))}
      </div>
      {mode === 'phone' && (
        <div className="field">
          <label htmlFor="search-phone">{t('patient.phone')}</label>
          <input
            id="search-phone"
            type="tel"
            maxLength={32}
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
            }}
            required
          />
        </div>
      )}
      {mode === 'nameDob' && (
        <>
          <div className="field">
            <label htmlFor="search-name">{t('patient.name')}</label>
            <input
              id="search-name"
              maxLength={200}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
              }}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="search-dob">{t('patient.birthDate')}</label>
            <input
              id="search-dob"
              type="date"
              value={birthDate}
              onChange={(e) => {
                setBirthDate(e.target.value);
              }}
              required
            />
          </div>
        </>
      )}
      {mode === 'mrn' && (
        <div className="field">
          <label htmlFor="search-mrn">{t('patient.mrn')}</label>
          <input
            id="search-mrn"
            maxLength={64}
            value={mrn}
            onChange={(e) => {
              setMrn(e.target.value);
            }}
            required
          />
        </div>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t('patient.searching') : t('patient.search')}
      </button>
    </form>
  );
}
