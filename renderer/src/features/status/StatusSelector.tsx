import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, type AgentState } from '../../../../shared/domain/agent';
import { DEFAULT_NOT_READY_REASON } from '../../../../shared/domain/not-ready';
import { useApp } from '../../app/app-store';
import { useAgentStatus } from './store';
import { ResetOffer } from './ResetOffer';
import { reasonLabel } from './reason-label';

/**
 * Not ready is chosen with its reason: the selector's value for a reason is `break:<reason>`, and plain `break` for
 * the default reason (a break, as the idle lock sets it).
 */
const NOT_READY = 'break:';
const optionOf = (reason: string | null | undefined) => (!reason || reason === DEFAULT_NOT_READY_REASON ? 'break' : `${NOT_READY}${reason}`);

export function StatusSelector() {
  const { t, i18n } = useTranslation();
  const { status, reasons, load, set } = useAgentStatus();
  const registration = useApp((s) => s.phone?.registration ?? 'offline');
  useEffect(() => void load(), [load]);
  const since = status ? new Date(status.since).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : '';
  // "Available" means a call can reach the agent: not while the phone is offline (main refuses it too).
  const phoneReady = registration === 'registered';
  const state = status?.state ?? 'offline';
  const value = state === 'break' ? optionOf(status?.reason) : state;
  const why = !phoneReady ? t('calls.status.needsPhone') : state === 'break' ? t('calls.status.breakRefuses') : '';
  const choose = (v: string) => {
    if (v.startsWith(NOT_READY)) void set('break', v.slice(NOT_READY.length));
    else void set(v as AgentState);
  };
  return (
    <div className={`status status-${state}`}>
      <label htmlFor="agent-status">{t('status.label')}</label>
      <select
        id="agent-status"
        value={value}
        onChange={(e) => {
          choose(e.target.value);
        }}
        aria-describedby="agent-status-since agent-status-why"
      >
        {AGENT_STATES.filter((s) => s !== 'break').map((s) => (
          <option key={s} value={s} disabled={s === 'available' && !phoneReady && state !== 'available'}>
            {t(`status.${s}`)}
          </option>
        ))}
        {reasons.map((r) => (
          <option key={r.id} value={optionOf(r.id)}>
            {t('notReady.option', { reason: reasonLabel(t, r.id) })}
          </option>
        ))}
      </select>
      <span id="agent-status-since" className="muted">
        {status ? t('status.since', { time: since }) : ''}
      </span>
      <span id="agent-status-why" className="muted small" data-testid="status-why">
        {why}
      </span>
      <ResetOffer />
    </div>
  );
}
