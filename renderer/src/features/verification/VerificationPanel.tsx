/**
 * The identity checklist: the agent types what the caller says for each identifier and checks it;
 * main compares it with what is on file (the page never holds the answers), unlocks what the role
 * needs once enough match, and recommends the privacy officer on red flags or failure.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Identifier } from '../../../../shared/verification/policy';
import { RED_FLAGS } from '../../../../shared/verification/state';
import { useCurrentPatient } from '../patient/current-patient';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';

function IdentifierRow({ id }: { id: Identifier }) {
  const { t } = useTranslation();
  const { verification, check } = useCurrentPatient();
  const [value, setValue] = useState('');
  const result = verification?.results[id];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) void check(id, value).then(() => setValue(''));
  };
  return (
    <form className={`id-row ${result ?? ''}`} onSubmit={submit} data-identifier={id} data-result={result ?? 'notAsked'}>
      <label htmlFor={`verify-${id}`}>{t(`verification.identifiers.${id}`)}</label>
      <input id={`verify-${id}`} type={id === 'birthDate' ? 'date' : 'text'} maxLength={300} value={value} onChange={(e) => setValue(e.target.value)} disabled={verification?.status !== 'unverified'} />
      <button type="submit" disabled={verification?.status !== 'unverified' || !value.trim()}>
        {t('verification.check')}
      </button>
      <span className="result" role="status">
        {result ? t(`verification.result.${result}`) : ''}
      </span>
    </form>
  );
}

function WhoIsCalling() {
  const { t } = useTranslation();
  const { verification, setCaller } = useCurrentPatient();
  const [name, setName] = useState('');
  if (!verification) return null;
  const c = verification.caller;
  return (
    <form
      className="who"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) void setCaller(name);
      }}
    >
      <p className="small" data-testid="caller">
        {c.kind === 'self' ? t('verification.caller.self') : t(`verification.caller.proxy.${c.consent}`, { relationship: c.relationship ?? '' })}
      </p>
      {c.kind === 'proxy' && c.confidentialHidden && (c.consent === 'valid' || c.consent === 'representative') && (
        <p className="small muted" data-testid="confidential-hidden">
          {t('verification.caller.confidentialHidden')}
        </p>
      )}
      {verification.status === 'unverified' && c.kind === 'self' && (
        <>
          <label htmlFor="verify-proxy">{t('verification.caller.someoneElse')}</label>
          <input id="verify-proxy" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" disabled={!name.trim()}>
            {t('verification.check')}
          </button>
        </>
      )}
    </form>
  );
}

export function VerificationPanel() {
  const { t } = useTranslation();
  const { verification, flag, startOver } = useCurrentPatient();
  const panel = useRef<HTMLElement>(null);
  const focus = (selector: string) => panel.current?.querySelector<HTMLElement>(selector)?.focus();
  // Alt+V: the next identifier to ask for; Alt+F: the red flags; Alt+N: a new caller on the line.
  useShortcut('verify', () => focus('.id-row[data-result="notAsked"] input:not(:disabled)'), !!verification);
  useShortcut('redFlags', () => focus('.red-flags input'), !!verification);
  useShortcut('newCaller', () => void startOver(), !!verification);
  if (!verification) return null;
  const matched = Object.values(verification.results).filter((r) => r === 'match').length;
  return (
    <section className="verification" ref={panel} aria-labelledby="verification-title" data-testid="verification" data-status={verification.status} aria-keyshortcuts={SHORTCUTS.verify.label}>
      <h3 id="verification-title">
        {t('verification.title')} <span className={`badge status-${verification.status}`}>{t(`verification.status.${verification.status}`)}</span>
      </h3>
      <WhoIsCalling />
      <p className="muted small">{t('verification.progress', { matched, required: verification.requiredMatches })}</p>
      {verification.identifiers.map((id) => (
        <IdentifierRow key={id} id={id} />
      ))}
      <fieldset className="red-flags" aria-keyshortcuts={SHORTCUTS.redFlags.label}>
        <legend>{t('verification.redFlagsTitle')}</legend>
        {RED_FLAGS.map((f) => (
          <label key={f} className="check">
            <input type="checkbox" checked={verification.redFlags.includes(f)} onChange={(e) => void flag(f, e.target.checked)} /> {t(`verification.redFlags.${f}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="secondary" onClick={() => void startOver()} aria-keyshortcuts={SHORTCUTS.newCaller.label}>
        {t('verification.startOver')}
      </button>
      {verification.recommendation === 'privacyOfficer' && (
        <p className="recommend" role="alert" data-testid="recommend-privacy-officer">
          {t('verification.recommendPrivacyOfficer')}
        </p>
      )}
    </section>
  );
}
