/**
 * Escalation buttons for the call in progress: supervisor, nurse triage, crisis counsellor, billing
 * specialist, privacy officer. Each asks why, does the real transfer or conference, tells the team
 * lead, and shows the agent what to tell the caller next.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ESCALATIONS, ESCALATION_REASONS, type Escalation, type EscalationProgress, type EscalationReason } from '../../../../shared/escalation/targets';
import { liveCalls, usePhone } from '../phone/store';
import { SHORTCUTS, useShortcut } from '../shortcuts/shortcuts';
import { useEscalation } from './store';
import { useCurrentPatient } from '../patient/current-patient';
import { MAX_HANDOFF_NOTES } from '../../../../shared/handoff/handoff';

/** One target's button; its shortcut (Alt+1…Alt+5) chooses it from anywhere while a call is up. */
function EscalationButton({
  escalation,
  chosen,
  enabled,
  choose,
}: {
  escalation: Escalation;
  chosen: boolean;
  enabled: boolean;
  choose: (e: Escalation) => void;
}) {
  const { t } = useTranslation();
  const shortcut = SHORTCUTS[`escalate.${escalation}`];
  useShortcut(
    `escalate.${escalation}`,
    () => {
      choose(escalation);
    },
    enabled,
  );
  return (
    <button
      type="button"
      className={escalation === 'crisisCounsellor' ? 'bad' : 'secondary'}
      aria-pressed={chosen}
      disabled={!enabled}
      onClick={() => {
        choose(escalation);
      }}
      aria-keyshortcuts={shortcut.label}
    >
      {t(`escalation.targets.${escalation}`)}{' '}
      <kbd className="shortcut-hint" aria-hidden="true">
        {shortcut.label}
      </kbd>
    </button>
  );
}

export function EscalationPanel() {
  const { t } = useTranslation();
  const calls = usePhone((s) => s.calls);
  const call = liveCalls(calls).find((c) => c.state === 'active' || c.state === 'held');
  const [chosen, setChosen] = useState<Escalation | null>(null);
  const [reason, setReason] = useState<EscalationReason | ''>('');
  const [notes, setNotes] = useState('');
  // The patient open on the call goes with it (the receiving desk pops them as verified here).
  const patientId = useCurrentPatient((s) => s.verification?.patientId ?? null);
  const progress = useEscalation((s) => s.progress);
  const escalate = useEscalation((s) => s.escalate);
  // The latest escalation's script, while its caller is still on (or just after a blind hand-over).
  const done = progress && (calls[progress.callId] ? true : progress.stage === 'transferred' && !call) ? progress : null;
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLSelectElement>(null);
  // Choosing a target (by click or shortcut) goes straight to why.
  useEffect(() => {
    if (chosen) reasonRef.current?.focus();
  }, [chosen]);
  if (!call && !done) return null;

  const go = async () => {
    if (!call || !chosen || !reason) return;
    setBusy(true);
    const started = await escalate(call.id, chosen, reason, patientId ? { patientId, notes: notes.trim() } : undefined);
    setBusy(false);
    if (!started) return;
    setChosen(null);
    setReason('');
    setNotes('');
  };

  return (
    <section className="escalation" aria-labelledby="escalation-title" data-testid="escalation">
      <h3 id="escalation-title">{t('escalation.title')}</h3>
      <div className="escalation-buttons">
        {ESCALATIONS.map((e) => (
          <EscalationButton key={e} escalation={e} chosen={chosen === e} enabled={!!call} choose={setChosen} />
        ))}
      </div>
      {chosen && (
        <div className="escalation-confirm">
          <label htmlFor="escalation-reason">{t('escalation.reason')}</label>
          <select
            id="escalation-reason"
            ref={reasonRef}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as EscalationReason);
            }}
          >
            <option value="">{t('escalation.chooseReason')}</option>
            {ESCALATION_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`escalation.reasons.${r}`)}
              </option>
            ))}
          </select>
          {patientId && (
            <>
              <label htmlFor="escalation-notes">{t('handoff.notesLabel')}</label>
              <textarea
                id="escalation-notes"
                rows={3}
                maxLength={MAX_HANDOFF_NOTES}
                value={notes}
                onChange={(e) => {
                  setNotes(e.target.value);
                }}
              />
            </>
          )}
          <button type="button" disabled={!reason || busy} onClick={() => void go()}>
            {t('escalation.confirm', { target: t(`escalation.targets.${chosen}`) })}
          </button>
        </div>
      )}
      {done && <NextStep progress={done} />}
    </section>
  );
}

/**
 * What the agent tells the caller, following what actually happened: "please hold" while the target
 * rings, the hand-over promise only once the target is there, and the way back when nobody answered
 * or the conference had no audio.
 */
function NextStep({ progress }: { progress: EscalationProgress }) {
  const { t } = useTranslation();
  const target = t(`escalation.targets.${progress.escalation}`);
  const { stage } = progress;
  const situation = stage === 'calling' || stage === 'unanswered' || stage === 'mediaFailed' ? t(`calls.escalation.${stage}`, { target }) : null;
  const say =
    stage === 'calling'
      ? t('calls.escalation.callingTell')
      : stage === 'unanswered'
        ? t('calls.escalation.unansweredTell')
        : stage === 'mediaFailed'
          ? t('calls.escalation.mediaFailedTell')
          : t(`escalation.nextStep.${progress.escalation}`);
  return (
    <div className="next-step" role="status" data-testid="next-step" data-stage={stage}>
      {situation && <p className="small">{situation}</p>}
      <p>
        <strong>{t('escalation.tellCaller')}</strong> {say}
      </p>
    </div>
  );
}
