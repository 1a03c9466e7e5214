/**
 * The identity checklist: the agent types what the caller says for each identifier and checks it;
 * main compares it with what is on file (the page never holds the answers), counts every attempt on
 * the caller's call, unlocks what the role needs once enough match (at least one of them something
 * the screen did not show), asks one more for high-risk requests and red flags, and recommends the
 * privacy officer on red flags or failure. A proxy proves who they are on their own record too.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Identifier } from '../../../../shared/verification/policy';
import { RED_FLAGS, type CheckProgress, type CheckResult, type CheckSubject } from '../../../../shared/verification/state';
import { useCurrentPatient } from '../patient/current-patient';
import { usePhone } from '../phone/store';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';

function IdentifierRow({ id, subject, result, open }: { id: Identifier; subject: CheckSubject; result: CheckResult | undefined; open: boolean }) {
  const { t } = useTranslation();
  const { verification, check } = useCurrentPatient();
  const [value, setValue] = useState('');
  const inputId = `verify-${subject === 'caller' ? 'caller-' : ''}${id}`;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (value.trim())
      void check(id, value, subject).then(() => {
        setValue('');
      });
  };
  const strength = verification?.strength[id];
  return (
    <form
      className={`id-row ${result ?? ''}`}
      onSubmit={submit}
      data-identifier={id}
      data-subject={subject}
      data-result={result ?? 'notAsked'}
      data-strength={strength}
    >
      <label htmlFor={inputId}>
        {t(`verification.identifiers.${id}`)}
        {strength === 'secret' && <span className="muted small"> · {t('verification.callerCall.secret')}</span>}
      </label>
      <input
        id={inputId}
        type={id === 'birthDate' ? 'date' : 'text'}
        maxLength={300}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
        }}
        disabled={!open || result === 'match'}
      />
      <button type="submit" disabled={!open || result === 'match' || !value.trim()}>
        {t('verification.check')}
      </button>
      <span className="result" role="status">
        {result ? t(`verification.result.${result}`) : ''}
      </span>
    </form>
  );
}

function Progress({ p, testId }: { p: CheckProgress; testId: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted small" data-testid={testId} data-passed={p.passed}>
      {t('verification.callerCall.progress', {
        // More than the policy asks reads as done ("1 of 1"), never "2 of 1".
        matched: Math.min(p.matched, p.requiredMatches),
        required: p.requiredMatches,
        secret: Math.min(p.secretMatched, p.requiredSecret),
        requiredSecret: p.requiredSecret,
      })}
    </p>
  );
}

function WhoIsCalling({ open }: { open: boolean }) {
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
      {open && verification.status === 'unverified' && c.kind === 'self' && (
        <>
          <label htmlFor="verify-proxy">{t('verification.caller.someoneElse')}</label>
          <input
            id="verify-proxy"
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
          <button type="submit" disabled={!name.trim()}>
            {t('verification.check')}
          </button>
        </>
      )}
    </form>
  );
}

function StepUp({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const { verification, stepUp } = useCurrentPatient();
  if (!verification || verification.stepUp.available.length === 0) return null;
  const s = verification.stepUp;
  // A red flag on the call raised the bar for everything (no request of the agent's did).
  const raisedByFlag = s.requests.length === 0 && verification.patientProgress.requiredMatches > verification.requiredMatches;
  return (
    <fieldset className="step-up" data-testid="step-up" data-passed={s.passed}>
      <legend>{t('verification.callerCall.stepUpTitle')}</legend>
      {raisedByFlag && !s.passed && (
        <p className="small" data-testid="step-up-needed">
          {t('verification.callerCall.redFlagStepUp')}
        </p>
      )}
      {s.available.map((r) => (
        <button
          key={r}
          type="button"
          className="secondary"
          aria-pressed={s.requests.includes(r)}
          disabled={!open || s.requests.includes(r)}
          onClick={() => void stepUp(r)}
        >
          {t(`verification.callerCall.stepUpRequests.${r}`)}
        </button>
      ))}
      {s.requests.length > 0 && (
        <p className="small" role="status">
          {s.passed ? t('verification.callerCall.stepUpPassed') : t('verification.callerCall.stepUpNeeded')}
        </p>
      )}
    </fieldset>
  );
}

function Override() {
  const { t } = useTranslation();
  const { verification, override } = useCurrentPatient();
  const [reason, setReason] = useState('');
  if (!verification?.canOverride || verification.status !== 'failed' || !verification.live) return null;
  return (
    <form
      className="override"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length >= 5)
          void override(reason.trim()).then(() => {
            setReason('');
          });
      }}
    >
      <label htmlFor="verify-override">{t('verification.callerCall.overrideReason')}</label>
      <input
        id="verify-override"
        maxLength={300}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
        }}
      />
      <button type="submit" disabled={reason.trim().length < 5}>
        {t('verification.callerCall.override')}
      </button>
    </form>
  );
}

/**
 * The identifier rows still to ask, in the panel's order: not asked yet, or only the caller ID (which the caller did
 * not say, so it proves nothing). A matched or a mismatched answer has been given.
 */
const UNANSWERED = '.id-row:is([data-result="notAsked"], [data-result="callerId"]) input:not(:disabled)';

/** Alt+V: the next unanswered identifier after the one the agent is on (round to the first), else the first. */
function focusNextUnanswered(panel: HTMLElement): void {
  const inputs = [...panel.querySelectorAll<HTMLInputElement>(UNANSWERED)];
  const row = document.activeElement?.closest('.id-row');
  const at = row ? inputs.findIndex((i) => i.closest('.id-row') === row) : -1;
  const after = row ? inputs.find((i) => row.compareDocumentPosition(i) & Node.DOCUMENT_POSITION_FOLLOWING) : undefined;
  (at === -1 ? (after ?? inputs[0]) : (inputs[at + 1] ?? inputs[0]))?.focus();
}

export function VerificationPanel() {
  const { t } = useTranslation();
  const { verification, flag, startOver } = useCurrentPatient();
  const panel = useRef<HTMLElement>(null);
  const focus = (selector: string) => panel.current?.querySelector<HTMLElement>(selector)?.focus();
  const [unfoldedFor, setUnfoldedFor] = useState<string | null>(null);
  // Alt+V: the next identifier to ask for; Alt+F: the red flags; Alt+N: a new caller on the line.
  useShortcut(
    'verify',
    () => {
      // A folded checklist opens again first (the next identifier is then asked in it).
      if (verification && unfoldedFor !== verification.callId && verification.status === 'verified') setUnfoldedFor(verification.callId);
      if (panel.current) focusNextUnanswered(panel.current);
    },
    !!verification,
  );
  useShortcut('redFlags', () => focus('.red-flags input'), !!verification);
  useShortcut('newCaller', () => void startOver(), !!verification?.live);
  // Not live yet is not over: a caller popped while the phone still rings is checked once the call is answered.
  const ringing = usePhone((s) => (verification?.callId ? s.calls[verification.callId]?.state === 'ringing' : false));
  if (!verification) return null;
  // Checks happen on the caller's call, while it is up; after it, the panel only shows how it went.
  const open = verification.live && verification.status !== 'failed';
  const proxy = verification.callerCheck;
  // Verified (and any high-risk step-up passed): the checklist folds to one line, which names what matched.
  const folded =
    verification.status === 'verified' && (!verification.stepUp.required || verification.stepUp.passed) && !proxy && unfoldedFor !== verification.callId;
  const answered = verification.identifiers.filter((id) => verification.results[id] !== undefined);
  return (
    <section
      className="verification"
      ref={panel}
      aria-labelledby="verification-title"
      data-testid="verification"
      data-status={verification.status}
      data-live={verification.live}
      aria-keyshortcuts={SHORTCUTS.verify.label}
    >
      <h3 id="verification-title">
        {t('verification.title')} <span className={`badge status-${verification.status}`}>{t(`verification.status.${verification.status}`)}</span>
      </h3>
      {!verification.live && (
        <p className="small" role="note" data-testid="verification-no-call">
          {verification.callId ? t(ringing ? 'verification.callerCall.ringing' : 'verification.callerCall.ended') : t('verification.callerCall.noCall')}
        </p>
      )}
      <WhoIsCalling open={open} />
      {proxy && (
        <div className="caller-check" data-testid="caller-check">
          <h4>{t('verification.callerCall.callerTitle')}</h4>
          <Progress p={proxy.progress} testId="caller-progress" />
          {proxy.identifiers.map((id) => (
            <IdentifierRow key={`caller-${id}`} id={id} subject="caller" result={proxy.results[id]} open={open} />
          ))}
          <h4>{t('verification.callerCall.patientTitle')}</h4>
        </div>
      )}
      {folded ? (
        <div className="folded" data-testid="checks-folded">
          <Progress p={verification.patientProgress} testId="patient-progress" />
          <ul className="folded-checks">
            {answered.map((id) => (
              <li
                key={id}
                className={`id-row ${verification.results[id] ?? ''}`}
                data-identifier={id}
                data-subject="patient"
                data-result={verification.results[id]}
              >
                {t(`verification.identifiers.${id}`)} <span aria-hidden="true">{verification.results[id] === 'match' ? '✓' : '✗'}</span>
                <span className="visually-hidden">{t(`verification.result.${verification.results[id] ?? 'match'}`)}</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="link"
            aria-keyshortcuts={SHORTCUTS.verify.label}
            onClick={() => {
              setUnfoldedFor(verification.callId);
            }}
          >
            {t('layout.showChecks')}
          </button>
        </div>
      ) : (
        <>
          <Progress p={verification.patientProgress} testId="patient-progress" />
          {verification.identifiers.map((id) => (
            <IdentifierRow key={id} id={id} subject="patient" result={verification.results[id]} open={open} />
          ))}
          <p className="muted small" data-testid="mismatches">
            {t('verification.callerCall.mismatches', { n: verification.mismatches, max: verification.maxMismatches })}
          </p>
        </>
      )}
      <StepUp open={open} />
      <fieldset className="red-flags" aria-keyshortcuts={SHORTCUTS.redFlags.label} disabled={!verification.live}>
        <legend>{t('verification.redFlagsTitle')}</legend>
        {RED_FLAGS.map((f) => (
          <label key={f} className="check">
            <input type="checkbox" checked={verification.redFlags.includes(f)} onChange={(e) => void flag(f, e.target.checked)} />{' '}
            {t(`verification.redFlags.${f}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="secondary" onClick={() => void startOver()} disabled={!verification.live} aria-keyshortcuts={SHORTCUTS.newCaller.label}>
        {t('verification.startOver')}
      </button>
      {verification.status === 'failed' && (
        <p className="small" data-testid="failed-stays">
          {t('verification.callerCall.failedStays')}
        </p>
      )}
      {verification.overridden && (
        <p className="small" data-testid="overridden">
          {t('verification.callerCall.overridden')}
        </p>
      )}
      <Override />
      {verification.recommendation === 'privacyOfficer' && (
        <p className="recommend" role="alert" data-testid="recommend-privacy-officer">
          {t('verification.recommendPrivacyOfficer')}
        </p>
      )}
    </section>
  );
}
