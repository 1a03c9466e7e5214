import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-store';
import { PatientSearch } from './PatientSearch';
import { usePatientSearch } from './store';
import { useCurrentPatient } from './current-patient';
import { PatientView } from '../patient-view/PatientView';
import { useCanSee } from '../patient-view/can-see';
import { ScreenPopBanner } from '../screen-pop/ScreenPopBanner';
import { HandoffPanel } from '../handoff/HandoffPanel';
import { isolateName, PersonName } from './PersonName';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';

export function PatientPane() {
  const { t } = useTranslation();
  const { info } = useApp();
  const { matches, tooMany, error } = usePatientSearch();
  const current = useCurrentPatient();
  const canSee = useCanSee();
  // With a patient open the search folds to one line; Alt+S (or its button) opens it again, for this patient's view.
  const openId = current.summary?.patient.id ?? null;
  const [searchOpenFor, setSearchOpenFor] = useState<string | null>(null);
  const searchFolded = openId !== null && searchOpenFor !== openId && !matches;
  useShortcut(
    'search',
    () => {
      setSearchOpenFor(openId);
    },
    searchFolded,
  );
  return (
    <section className="pane patient" aria-labelledby="patient-title">
      <h2 id="patient-title">{t('patient.title')}</h2>
      {info && (
        <p className="store-line muted" data-testid="store-line">
          {info.store.kind === 'practice'
            ? t('app.store.practiceStore')
            : t(info.store.kind === 'demo' ? 'app.store.demo' : 'app.store.configured', { count: info.store.patients })}
        </p>
      )}
      <ScreenPopBanner />
      <HandoffPanel />
      {!current.summary && <p className="muted">{t('patient.empty')}</p>}
      {searchFolded ? (
        <div className="folded" data-testid="search-folded">
          <button
            type="button"
            className="secondary"
            aria-keyshortcuts={SHORTCUTS.search.label}
            onClick={() => {
              setSearchOpenFor(openId);
            }}
          >
            {t('layout.findAnother')} <kbd>{SHORTCUTS.search.label}</kbd>
          </button>
        </div>
      ) : (
        <PatientSearch focusOnOpen={openId !== null} />
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="search-error" data-code={error.code}>
          {t(`errors.${error.code}`)}
        </p>
      )}
      {tooMany !== null && (
        <p className="muted" role="status" data-testid="too-many">
          {t('patient.tooManyByName', { count: tooMany })}
        </p>
      )}
      {matches && (
        <div className="results" aria-live="polite">
          <p className="muted" data-testid="result-count">
            {matches.length === 0 ? t('patient.noResults') : t('patient.results', { count: matches.length })}
          </p>
          <ul>
            {matches.map((m) => (
              <li key={`${m.patientId}-${m.relatedPersonId ?? ''}`} className="match" data-patient-id={m.patientId}>
                <button type="button" className="link" onClick={() => void current.select(m, 'agent opened the patient from a search')}>
                  <PersonName name={m.name} />
                </button>
                {m.via === 'relatedPerson' && m.relatedPersonName && (
                  <div className="muted small">{t('patient.viaRelated', { name: isolateName(m.relatedPersonName), relationship: m.relationship ?? '' })}</div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {current.summary && <PatientView summary={current.summary} canSee={canSee} />}
    </section>
  );
}
