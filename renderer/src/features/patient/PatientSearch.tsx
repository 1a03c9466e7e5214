import { useEffect, useEffectEvent, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePatientSearch, type SearchMode } from './store';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';

const MODES: SearchMode[] = ['phone', 'nameDob', 'mrn'];

/** `focusOnOpen`: opened again from its folded line, the search takes the focus (the agent asked for it). */
export function PatientSearch({ focusOnOpen = false }: { focusOnOpen?: boolean }) {
  const { t } = useTranslation();
  const { mode, busy, setMode, search } = usePatientSearch();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [mrn, setMrn] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const focusField = () => formRef.current?.querySelector<HTMLInputElement>('input:not([type=radio])')?.focus();
  // Alt+S: to the search, wherever the agent is (an unknown caller).
  useShortcut('search', focusField);
  // Only when it opens: later changes of the flag do not move the agent's focus.
  const [focusAtOpen] = useState(focusOnOpen);
  const opened = useEffectEvent(() => {
    if (focusAtOpen) focusField();
  });
  useEffect(() => {
    opened();
  }, []);

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
      {mode === 'phone' && <SearchField id="search-phone" label={t('patient.phone')} type="tel" maxLength={32} value={phone} onChange={setPhone} />}
      {mode === 'nameDob' && (
        <>
          <SearchField id="search-name" label={t('patient.name')} maxLength={200} value={name} onChange={setName} />
          <SearchField id="search-dob" label={t('patient.birthDateOptional')} type="date" value={birthDate} onChange={setBirthDate} required={false} />
        </>
      )}
      {mode === 'mrn' && <SearchField id="search-mrn" label={t('patient.mrn')} maxLength={64} value={mrn} onChange={setMrn} />}
      <button type="submit" disabled={busy}>
        {busy ? t('patient.searching') : t('patient.search')}
      </button>
    </form>
  );
}

/** One search field with its label (required unless said otherwise). */
function SearchField(p: {
  id: string;
  label: string;
  type?: 'tel' | 'date';
  maxLength?: number;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        {...(p.type ? { type: p.type } : {})}
        {...(p.maxLength ? { maxLength: p.maxLength } : {})}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
        required={p.required ?? true}
      />
    </div>
  );
}
