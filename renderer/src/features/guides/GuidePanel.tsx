/**
 * The step-by-step guide of the reason picked for the call in progress, under the reason picker: the step the agent
 * is at (what to do, a line to say, the checklist, the article, the action button), its branches (number keys 1-9 or
 * Enter on a button), Back, and how many steps the path has so far. Opens when a reason is picked on a live call.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../../../shared/i18n/languages';
import { liveCalls, usePhone } from '../phone/store';
import { reasonFor, useCallReason } from '../call-reason/store';
import { currentStep, useGuide } from './store';
import { GuideArticleRef } from './GuideArticleRef';
import { GuideActionButton } from './GuideActionButton';

export function GuidePanel() {
  const { t, i18n } = useTranslation();
  const call = usePhone((s) => liveCalls(s.calls).find((c) => c.state !== 'ended') ?? null);
  const callId = call?.id ?? null;
  const reason = useCallReason((s) => reasonFor(s, callId));
  const g = useGuide();
  const open = useGuide((s) => s.open);
  const language = i18n.language as LanguageCode;
  const stepRef = useRef<HTMLDivElement>(null);
  const step = currentStep(g);
  const shown = callId !== null && reason !== null && g.callId === callId && g.reason === reason && step !== null;

  useEffect(() => {
    if (callId && reason) void open(callId, reason, language);
  }, [open, callId, reason, language]);
  // A new call: a reason and guide left from an earlier call that was never wrapped up do not go with its wrap-up.
  const clearReason = useCallReason((s) => s.clear);
  const close = useGuide((s) => s.close);
  useEffect(() => {
    if (!callId) return;
    if (useCallReason.getState().callId !== callId && useCallReason.getState().callId !== null) clearReason();
    if (useGuide.getState().callId !== callId && useGuide.getState().callId !== null) close();
  }, [callId, clearReason, close]);
  // A new step: keyboard focus follows it when the agent was working in the guide (or its button just went away).
  useEffect(() => {
    const panel = stepRef.current?.closest('.guide');
    const active = document.activeElement;
    if (active === stepRef.current) return;
    if (active === null || active === document.body || panel?.contains(active)) stepRef.current?.focus();
  }, [step?.id]);

  if (!shown) return null;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || !step.branches) return;
    const n = /^Digit([1-9])$/.exec(e.code)?.[1];
    const branch = n ? step.branches[Number(n) - 1] : undefined;
    if (!branch) return;
    e.preventDefault();
    g.go(branch.next);
  };

  return (
    <section className="guide" aria-labelledby="guide-title" data-testid="guide" data-step={step.id} data-finished={step.end === true} onKeyDown={onKeyDown}>
      <h3 id="guide-title">{t('guides.title', { title: g.guide?.title ?? '' })}</h3>
      {g.fallback && <p className="muted small">{t('guides.fallback')}</p>}
      <p className="guide-progress muted small">{t('guides.progress', { n: g.path.length })}</p>
      <div className="guide-step" ref={stepRef} tabIndex={-1} aria-live="polite">
        <p className="guide-text">{step.text}</p>
        {step.prompt && (
          <p className="guide-prompt">
            <span className="muted">{t('guides.say')}</span> <q>{step.prompt}</q>
          </p>
        )}
      </div>
      {step.article && <GuideArticleRef slug={step.article} />}
      {step.checklist && (
        <fieldset className="guide-checklist">
          <legend>{t('guides.checklist')}</legend>
          {step.checklist.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                data-item={c.id}
                checked={g.checked.includes(`${step.id}.${c.id}`)}
                onChange={() => {
                  g.toggle(step.id, c.id);
                }}
              />{' '}
              {c.text}
            </label>
          ))}
        </fieldset>
      )}
      {step.action && <GuideActionButton key={step.id} action={step.action} />}
      <div className="guide-nav" role="group" aria-label={t('guides.navigation')}>
        {step.branches?.map((b, i) => (
          <button
            key={`${b.next}-${i}`}
            type="button"
            data-next={b.next}
            aria-keyshortcuts={String(i + 1)}
            onClick={() => {
              g.go(b.next);
            }}
          >
            <kbd className="shortcut-hint" aria-hidden="true">
              {i + 1}
            </kbd>{' '}
            {b.label}
          </button>
        ))}
        {step.next !== undefined && (
          <button
            type="button"
            data-next={step.next}
            onClick={() => {
              if (step.next !== undefined) g.go(step.next);
            }}
          >
            {t('guides.next')}
          </button>
        )}
        {step.end && <p className="guide-finished">{t('guides.finished')}</p>}
        {g.path.length > 1 && (
          <button type="button" className="secondary" data-back onClick={g.back}>
            {t('guides.back')}
          </button>
        )}
      </div>
    </section>
  );
}
