/** Every live call, plus the keyboard shortcuts that act on the first one (see features/shortcuts). */
import { useEffect } from 'react';
import { useShortcut } from '../shortcuts/shortcuts';
import { useTranslation } from 'react-i18next';
import { CallControls } from './CallControls';
import { Conference, MediaFailureNotice } from './Conference';
import { liveCalls, usePhone } from './store';
import { isolateName } from '../patient/PersonName';
import type { CallView } from '../../../../shared/domain/call';

/** The two connected calls when they can be joined (neither already in a conference), else null. */
function joinablePair(connected: CallView[]): [CallView, CallView] | null {
  const [first, second] = connected;
  if (connected.length !== 2 || !first || !second) return null;
  return connected.every((c) => c.conferenceWith.length === 0) ? [first, second] : null;
}

export function Calls() {
  const { t } = useTranslation();
  const { calls, monitors, load, answer, reject, hold, mute, hangUp, completeTransfer, conference } = usePhone();
  useEffect(() => void load(), [load]);
  const list = liveCalls(calls);

  const ringing = list.find((c) => c.state === 'ringing');
  const current = list.find((c) => c.state === 'active' || c.state === 'held');
  useShortcut('answer', () => ringing && void answer(ringing.id), !!ringing);
  useShortcut('reject', () => ringing && void reject(ringing.id), !!ringing);
  useShortcut('hold', () => current && void hold(current.id, current.state === 'active'), !!current);
  useShortcut('mute', () => current && void mute(current.id, !current.muted), !!current);
  useShortcut('hangUp', () => current && void hangUp(current.id), !!current);

  // The agent is told when the team lead steps in (the caller never is).
  const leadOnLine = Object.values(monitors).find((m) => m.direction === 'inbound' && m.state === 'active');
  const notice = leadOnLine?.monitor ? (
    <p className="monitor-notice" role="status" data-testid="monitor-notice">
      {t(`board.monitoredBy.${leadOnLine.monitor}`, { name: isolateName(leadOnLine.remote.displayName ?? leadOnLine.remote.user) })}
    </p>
  ) : null;
  if (list.length === 0)
    return (
      <>
        {notice}
        <MediaFailureNotice />
      </>
    );
  const connected = list.filter((c) => c.state === 'active' || c.state === 'held');
  const joinable = joinablePair(connected);
  return (
    <div className="calls" aria-live="assertive">
      {notice}
      <MediaFailureNotice />
      <Conference calls={connected} />
      {list.map((c) => (
        <CallControls key={c.id} call={c} />
      ))}
      {joinable && joinable[0].state === 'held' && (
        // Attended transfer: the first call (the caller, on hold) is handed to the colleague on the second.
        <button type="button" onClick={() => void completeTransfer(joinable[0].id, joinable[1].id)}>
          {t('phone.completeTransfer')}
        </button>
      )}
      {joinable && (
        <button type="button" className="join" onClick={() => void conference(joinable[0].id, joinable[1].id)}>
          {t('phone.join')}
        </button>
      )}
    </div>
  );
}
