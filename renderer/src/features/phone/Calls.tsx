/** Every live call, plus the keyboard shortcuts that act on the first one (Alt+A answer, Alt+R reject, Alt+H hold, Alt+M mute, Alt+E end). */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CallControls } from './CallControls';
import { liveCalls, usePhone } from './store';

export function Calls() {
  const { t } = useTranslation();
  const { calls, monitors, load, act } = usePhone();
  useEffect(() => void load(), [load]);
  const list = liveCalls(calls);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const ringing = list.find((c) => c.state === 'ringing');
      const current = list.find((c) => c.state === 'active' || c.state === 'held');
      const key = e.key.toLowerCase();
      if (key === 'a' && ringing) void act('phone.answer', { callId: ringing.id });
      else if (key === 'r' && ringing) void act('phone.reject', { callId: ringing.id });
      else if (key === 'h' && current) void act('phone.hold', { callId: current.id, hold: current.state === 'active' });
      else if (key === 'm' && current) void act('phone.mute', { callId: current.id, muted: !current.muted });
      else if (key === 'e' && current) void act('phone.hangup', { callId: current.id });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list, act]);

  // The agent is told when the team lead steps in (the caller never is).
  const leadOnLine = Object.values(monitors).find((m) => m.direction === 'inbound' && m.state === 'active');
  const notice = leadOnLine?.monitor ? (
    <p className="monitor-notice" role="status" data-testid="monitor-notice">
      {t(`board.monitoredBy.${leadOnLine.monitor}`, { name: leadOnLine.remote.displayName ?? leadOnLine.remote.user })}
    </p>
  ) : null;
  if (list.length === 0) return notice;
  const connected = list.filter((c) => c.state === 'active' || c.state === 'held');
  const joinable = connected.length === 2 && connected.every((c) => c.conferenceWith.length === 0);
  return (
    <div className="calls" aria-live="assertive">
      {notice}
      {list.map((c) => (
        <CallControls key={c.id} call={c} />
      ))}
      {joinable && connected[0]!.state === 'held' && (
        // Attended transfer: the first call (the caller, on hold) is handed to the colleague on the second.
        <button type="button" onClick={() => void act('phone.attendedTransfer', { callId: connected[0]!.id, consultCallId: connected[1]!.id })}>
          {t('phone.completeTransfer')}
        </button>
      )}
      {joinable && (
        <button type="button" className="join" onClick={() => void act('phone.conference', { callId: connected[0]!.id, otherCallId: connected[1]!.id })}>
          {t('phone.join')}
        </button>
      )}
    </div>
  );
}
