/**
 * One call in the call bar: who, state, timer, and every action as a button with a shortcut.
 * Caller-supplied names are rendered as plain text (React escapes them) and were cleaned in main.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallView } from '../../../../shared/domain/call';
import { useMediaStats } from '../../media/media-stats';
import { useShallow } from 'zustand/react/shallow';
import { usePhone } from './store';
import { SHORTCUTS } from '../shortcuts/shortcuts';
import { isolateName } from '../patient/PersonName';
import { useSipUser } from '../../format/use-phone-number';
import { looksLikeNumber } from '../../format/phone-number';
import { clockSince, formatClock } from '../../format/language-duration';

function useElapsed(since: string | null, locale: string): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(t);
    };
  }, []);
  return since ? clockSince(since, now, locale) : formatClock(0, locale);
}

export function CallControls({ call }: { call: CallView }) {
  const { t, i18n } = useTranslation();
  const sipUser = useSipUser();
  const { answer, reject, hold, mute, sendDigits, transfer, hangUp } = usePhone(
    useShallow((s) => ({ answer: s.answer, reject: s.reject, hold: s.hold, mute: s.mute, sendDigits: s.sendDigits, transfer: s.transfer, hangUp: s.hangUp })),
  );
  const audio = useMediaStats((s) => s.byCall[call.id]);
  const elapsed = useElapsed(call.answeredAt ?? call.createdAt, i18n.language);
  const [keypad, setKeypad] = useState('');
  const [target, setTarget] = useState('');
  // The caller's display name is theirs to write: isolated, so its bidi characters reorder nothing around it.
  // A number in the desk's one format (a SIP name such as "agent42" as it is).
  const user = looksLikeNumber(call.remote.user) ? `\u2066${sipUser(call.remote.user)}\u2069` : call.remote.user;
  const who = call.remote.displayName ? `${isolateName(call.remote.displayName)} (${user})` : user || t('phone.unknownCaller');
  const id = call.id;

  return (
    <div
      className={`call call-${call.state}`}
      data-testid="call"
      data-call-id={id}
      data-state={call.state}
      role="group"
      aria-label={t(`phone.callState.${call.state}`, { who })}
    >
      <span className="call-who">
        <span className="call-state">{t(`phone.callState.${call.state}`, { who })}</span>
        <span className="timer">{elapsed}</span>
        {call.state === 'active' && (
          <span className={`audio-indicator ${audio?.receiving ? 'on' : ''}`} data-testid="audio" data-audio={audio?.receiving ? 'flowing' : 'silent'}>
            {audio?.receiving ? t('phone.audioFlowing') : t('phone.audioSilent')}
          </span>
        )}
      </span>
      {call.notice && call.state !== 'ended' && (
        <span className="call-notice" role="status" data-testid="call-notice" data-notice={call.notice.kind}>
          {t(`phone.notice.${call.notice.kind}`, { status: call.notice.status ?? t('phone.notice.noStatus') })}
        </span>
      )}
      {call.state === 'ringing' && (
        <>
          <button type="button" className="ok" onClick={() => void answer(id)} aria-keyshortcuts={SHORTCUTS.answer.label}>
            {t('phone.answer')}
          </button>
          <button type="button" className="bad" onClick={() => void reject(id)} aria-keyshortcuts={SHORTCUTS.reject.label}>
            {t('phone.reject')}
          </button>
        </>
      )}
      {(call.state === 'active' || call.state === 'held') && (
        <>
          <button type="button" onClick={() => void hold(id, call.state === 'active')} aria-keyshortcuts={SHORTCUTS.hold.label}>
            {call.state === 'held' ? t('phone.resume') : t('phone.hold')}
          </button>
          <button type="button" aria-pressed={call.muted} onClick={() => void mute(id, !call.muted)} aria-keyshortcuts={SHORTCUTS.mute.label}>
            {call.muted ? t('phone.unmute') : t('phone.mute')}
          </button>
          <form
            className="inline"
            onSubmit={(e) => (
              e.preventDefault(),
              keypad &&
                void sendDigits(id, keypad).then(() => {
                  setKeypad('');
                })
            )}
          >
            <label className="visually-hidden" htmlFor={`dtmf-${id}`}>
              {t('phone.keypad')}
            </label>
            <input
              id={`dtmf-${id}`}
              className="short"
              inputMode="tel"
              maxLength={32}
              pattern="[0-9*#A-D]*"
              placeholder={t('phone.keypad')}
              value={keypad}
              onChange={(e) => {
                setKeypad(e.target.value);
              }}
            />
          </form>
          <form className="inline" onSubmit={(e) => (e.preventDefault(), target && void transfer(id, target))}>
            <label className="visually-hidden" htmlFor={`transfer-${id}`}>
              {t('phone.transferTo')}
            </label>
            <input
              id={`transfer-${id}`}
              className="short"
              maxLength={200}
              placeholder={t('phone.transferTo')}
              value={target}
              onChange={(e) => {
                setTarget(e.target.value);
              }}
            />
            <button type="submit">{t('phone.transfer')}</button>
          </form>
        </>
      )}
      {call.state !== 'ringing' && (
        <button type="button" className="bad" onClick={() => void hangUp(id)} aria-keyshortcuts={SHORTCUTS.hangUp.label}>
          {t('phone.hangup')}
        </button>
      )}
    </div>
  );
}
