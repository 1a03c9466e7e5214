/**
 * The live board: one row per team member, pushed by the main process as presence and dialog NOTIFYs
 * arrive. Rows are memoised on their data and the clock, so 200 agents re-render cheaply once a second.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, type AgentState } from '../../../../shared/domain/agent';
import type { BoardRow } from '../../../../shared/domain/board';
import { MONITOR_MODES, type MonitorMode } from '../../../../shared/domain/monitor';
import { useBoard } from './store';
import { useMediaStats } from '../../media/media-stats';
import { duration, useNow } from './use-now';
import { clockSince } from '../../format/language-duration';
import { reasonLabel } from '../status/reason-label';

/** A not-ready reason's limit beside its running timer, flagged once passed. */
function NotReadyLimit({ row, now }: { row: BoardRow; now: number }) {
  const { t } = useTranslation();
  if (row.state !== 'break' || row.notReadyLimitMinutes === null) return null;
  const over = !!row.since && now - Date.parse(row.since) >= row.notReadyLimitMinutes * 60_000;
  return (
    <span className={`not-ready-limit muted small${over ? ' over' : ''}`} data-testid="not-ready-limit" data-over={over}>
      {' '}
      {over ? t('notReady.overLimit') : t('notReady.limit', { limit: duration(row.notReadyLimitMinutes * 60) })}
    </span>
  );
}

const Row = memo(function Row({ row, now, monitoring }: { row: BoardRow; now: number; monitoring: boolean }) {
  const { t, i18n } = useTranslation();
  const monitor = useBoard((s) => s.monitor);
  return (
    <tr data-testid="board-row" data-agent={row.agent} data-state={row.state} data-since={row.since ?? ''} data-not-ready={row.notReady ?? ''}>
      <th scope="row">{row.name}</th>
      <td>
        <span className={`state-badge state-${row.state}`}>{t(`status.${row.state}`)}</span>
        {row.notReady && (
          <span className="not-ready-reason" data-testid="not-ready-reason">
            {' '}
            {reasonLabel(t, row.notReady)}
          </span>
        )}
      </td>
      <td className="num">
        <span data-testid="time-in-state">{clockSince(row.since, now, i18n.language)}</span>
        <NotReadyLimit row={row} now={now} />
      </td>
      <td className="num" data-testid="call-duration">
        {clockSince(row.callSince, now, i18n.language)}
      </td>
      <td>
        {/* A caller not yet checked matters only while there is a caller: on a call or just after it. */}
        {(row.verification !== 'none' || row.callSince) && (
          <span className={`verification-badge verification-${row.verification}`} data-testid="verification">
            {t(`board.verification.${row.verification}`)}
          </span>
        )}
      </td>
      <td className="num" data-testid="hard-calls" data-count={row.hardCallsInARow}>
        {row.hardCallsInARow > 0 && (
          <span className={row.hardCallsInARow > 1 ? 'flag' : ''} aria-label={t('notReady.hardCallsOf', { name: row.name, count: row.hardCallsInARow })}>
            {row.hardCallsInARow}
          </span>
        )}
      </td>
      <td data-testid="escalation">{row.escalation ? <span className="flag">{t(`escalation.targets.${row.escalation}`)}</span> : ''}</td>
      <td className="actions">
        {row.callSince &&
          !monitoring &&
          MONITOR_MODES.map((m) => (
            <button
              key={m}
              type="button"
              onClick={() => void monitor(row.agent, m)}
              aria-label={t('board.monitorAgent', { mode: t(`board.modes.${m}`), name: row.name })}
            >
              {t(`board.modes.${m}`)}
            </button>
          ))}
      </td>
    </tr>
  );
});

function MonitorBar() {
  const { t } = useTranslation();
  const { sessions, rows, setMode, stop } = useBoard();
  const stats = useMediaStats((s) => s.byCall);
  if (sessions.length === 0) return null;
  return (
    <div className="monitor-bar" role="status" aria-live="polite">
      {sessions.map((s) => (
        <div key={s.callId} className="monitor-session" data-testid="monitor-session" data-mode={s.mode}>
          <span>{t('board.monitoring', { mode: t(`board.modes.${s.mode}`), name: rows[s.agent]?.name ?? s.agent })}</span>
          <span
            className={`audio-indicator ${stats[s.callId]?.receiving ? 'on' : ''}`}
            data-testid="monitor-audio"
            data-audio={stats[s.callId]?.receiving ? 'flowing' : 'silent'}
          >
            {stats[s.callId]?.receiving ? t('phone.audioFlowing') : t('phone.audioSilent')}
          </span>
          {MONITOR_MODES.filter((m) => m !== s.mode).map((m: MonitorMode) => (
            <button key={m} type="button" onClick={() => void setMode(s.callId, m)}>
              {t(`board.switchTo`, { mode: t(`board.modes.${m}`) })}
            </button>
          ))}
          <button type="button" className="danger" onClick={() => void stop(s.callId)}>
            {t('board.stop')}
          </button>
        </div>
      ))}
    </div>
  );
}

export function TeamBoard() {
  const { t } = useTranslation();
  const { team, rows, order, sessions } = useBoard();
  const now = useNow(1000);
  const [filter, setFilter] = useState<AgentState | 'all'>('all');
  const monitored = new Set(sessions.map((s) => s.agent));
  const visible = order.map((a) => rows[a]).filter((r): r is BoardRow => r !== undefined && (filter === 'all' || r.state === filter));
  const counts = AGENT_STATES.map((s) => [s, order.filter((a) => rows[a]?.state === s).length] as const);
  return (
    <section className="team-board" aria-labelledby="board-title">
      <div className="board-head">
        <h2 id="board-title">{t('board.title', { team })}</h2>
        <ul className="state-counts" aria-label={t('board.counts')}>
          {counts.map(([s, n]) => (
            <li key={s} className={`state-${s}`} data-testid={`count-${s}`}>
              {t(`status.${s}`)}: <strong>{n}</strong>
            </li>
          ))}
        </ul>
        <label>
          {t('board.filter')}{' '}
          <select
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as AgentState | 'all');
            }}
          >
            <option value="all">{t('board.all')}</option>
            {AGENT_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <MonitorBar />
      {/* Scrolls when the team is wide (more columns, a longer language): reachable by keyboard to scroll it. */}
      <div className="board-scroll" tabIndex={0} role="group" aria-labelledby="board-title">
        <table className="board" data-testid="board">
          <thead>
            <tr>
              <th scope="col">{t('board.columns.agent')}</th>
              <th scope="col">{t('board.columns.state')}</th>
              <th scope="col">{t('board.columns.timeInState')}</th>
              <th scope="col">{t('board.columns.call')}</th>
              <th scope="col">{t('board.columns.verification')}</th>
              <th scope="col">{t('notReady.hardCalls')}</th>
              <th scope="col">{t('board.columns.escalation')}</th>
              <th scope="col">{t('board.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => (
              <Row key={r.agent} row={r} now={now} monitoring={monitored.has(r.agent)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
