import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, type AgentState } from '../../../../shared/domain/agent';
import { useAgentStatus } from './store';

export function StatusSelector() {
  const { t, i18n } = useTranslation();
  const { status, load, set } = useAgentStatus();
  useEffect(() => void load(), [load]);
  const since = status ? new Date(status.since).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : '';
  return (
    <div className={`status status-${status?.state ?? 'offline'}`}>
      <label htmlFor="agent-status">{t('status.label')}</label>
      <select
        id="agent-status"
        value={status?.state ?? 'offline'}
        onChange={(e) => void set(e.target.value as AgentState)}
        aria-describedby="agent-status-since"
      >
        {AGENT_STATES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <span id="agent-status-since" className="muted">
        {status ? t('status.since', { time: since }) : ''}
      </span>
    </div>
  );
}
