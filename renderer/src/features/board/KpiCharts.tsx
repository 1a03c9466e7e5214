/**
 * Team KPIs over a chosen period, as pictures: tiles for the team figures (service level against its
 * target), a bar per agent, and the service level day by day against the target line. Plain SVG.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kpis } from '../../../../shared/kpi/kpi';
import { useBoard } from './store';

const PERIODS = [1, 7, 30] as const;
type Metric = 'ahtSeconds' | 'asaSeconds' | 'abandonmentPct' | 'serviceLevelPct' | 'fcrPct' | 'satisfaction';
const METRICS: Metric[] = ['serviceLevelPct', 'ahtSeconds', 'asaSeconds', 'abandonmentPct', 'fcrPct', 'satisfaction'];

function format(m: Metric, v: number | null, locale: string): string {
  if (v === null) return '—';
  if (m === 'ahtSeconds' || m === 'asaSeconds') return `${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}`;
  if (m === 'satisfaction') return `${v.toLocaleString(locale, { maximumFractionDigits: 1 })}/5`;
  return `${Math.round(v)}%`;
}

function Bars({ items, metric, locale, label }: { items: { label: string; kpis: Kpis }[]; metric: Metric; locale: string; label: string }) {
  const values = items.map((i) => i.kpis[metric] ?? 0);
  const max = Math.max(1, ...values);
  const rowH = 22;
  return (
    <svg className="chart" role="img" aria-label={label} width="100%" height={items.length * rowH + 4} viewBox={`0 0 400 ${items.length * rowH + 4}`} preserveAspectRatio="xMinYMin meet">
      {items.map((it, i) => {
        const v = it.kpis[metric];
        const w = v === null ? 0 : (v / max) * 230;
        return (
          <g key={it.label} transform={`translate(0 ${i * rowH + 2})`}>
            <text x="0" y="15" className="chart-label">{it.label.length > 22 ? `${it.label.slice(0, 21)}…` : it.label}</text>
            <rect x="150" y="3" width={w} height="15" rx="2" className="chart-bar" />
            <text x={156 + w} y="15" className="chart-value">{format(metric, v, locale)}</text>
          </g>
        );
      })}
    </svg>
  );
}

function ServiceLevelTrend({ days, target, label }: { days: { day: string; kpis: Kpis }[]; target: number; label: string }) {
  const w = 400;
  const h = 120;
  const x = (i: number) => (days.length <= 1 ? w / 2 : 30 + (i * (w - 40)) / (days.length - 1));
  const y = (v: number) => h - 15 - (v / 100) * (h - 25);
  const points = days.map((d, i) => (d.kpis.serviceLevelPct === null ? null : `${x(i)},${y(d.kpis.serviceLevelPct)}`)).filter(Boolean).join(' ');
  return (
    <svg className="chart" role="img" aria-label={label} width="100%" height={h} viewBox={`0 0 ${w} ${h}`}>
      <line x1="30" x2={w - 10} y1={y(target)} y2={y(target)} className="chart-target" />
      <text x="0" y={y(target) + 4} className="chart-label">{target}%</text>
      <polyline points={points} className="chart-line" fill="none" />
      {days.map((d, i) => d.kpis.serviceLevelPct !== null && <circle key={d.day} cx={x(i)} cy={y(d.kpis.serviceLevelPct)} r="3" className="chart-dot" />)}
    </svg>
  );
}

export function KpiCharts() {
  const { t, i18n } = useTranslation();
  const { kpis, loadKpis } = useBoard();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(7);
  const [metric, setMetric] = useState<Metric>('ahtSeconds');
  useEffect(() => void loadKpis(days), [days, loadKpis]);
  const target = kpis?.serviceLevel.targetPercent ?? 80;
  return (
    <section className="kpis" aria-labelledby="kpi-title" data-testid="kpis">
      <div className="board-head">
        <h2 id="kpi-title">{t('kpi.title')}</h2>
        <label>
          {t('kpi.period')}{' '}
          <select value={days} onChange={(e) => setDays(Number(e.target.value) as (typeof PERIODS)[number])}>
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`kpi.periods.d${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void loadKpis(days)}>
          {t('kpi.refresh')}
        </button>
      </div>
      {kpis && (
        <>
          <ul className="kpi-tiles">
            {METRICS.map((m) => (
              <li key={m} className={m === 'serviceLevelPct' && (kpis.team.serviceLevelPct ?? 0) < target ? 'below-target' : ''} data-testid={`kpi-${m}`}>
                <span className="kpi-name">{t(`kpi.metrics.${m}`, { percent: target, seconds: kpis.serviceLevel.answeredWithinSeconds })}</span>
                <strong>{format(m, kpis.team[m], i18n.language)}</strong>
              </li>
            ))}
          </ul>
          <p className="muted" data-testid="kpi-volume">{t('kpi.volume', { offered: kpis.team.offered, handled: kpis.team.handled, abandoned: kpis.team.abandoned })}</p>
          <label>
            {t('kpi.byAgent')}{' '}
            <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`kpi.metrics.${m}`, { percent: target, seconds: kpis.serviceLevel.answeredWithinSeconds })}
                </option>
              ))}
            </select>
          </label>
          <Bars items={kpis.agents.map((a) => ({ label: a.agent.replace(/^workstation-user\//, ''), kpis: a.kpis }))} metric={metric} locale={i18n.language} label={t('kpi.byAgent')} />
          <h3>{t('kpi.trend')}</h3>
          <ServiceLevelTrend days={kpis.days} target={target} label={t('kpi.trend')} />
        </>
      )}
    </section>
  );
}
