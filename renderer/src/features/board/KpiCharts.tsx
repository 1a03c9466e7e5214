/**
 * Team KPIs over a chosen period, as pictures: tiles for the team figures (service level against its
 * target), a bar per agent, and calls and the service level day by day against the target. Plain SVG.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kpis } from '../../../../shared/kpi/kpi';
import { useBoard } from './store';
import { TeamDataSourceLine } from '../ehr-link/TeamDataSource';
import { formatClock } from '../../format/language-duration';

const PERIODS = [1, 7, 30] as const;
type Metric = 'ahtSeconds' | 'asaSeconds' | 'abandonmentPct' | 'serviceLevelPct' | 'fcrPct' | 'satisfaction';
const METRICS: Metric[] = ['serviceLevelPct', 'ahtSeconds', 'asaSeconds', 'abandonmentPct', 'fcrPct', 'satisfaction'];

function format(m: Metric, v: number | null, locale: string): string {
  if (v === null) return '—';
  if (m === 'ahtSeconds' || m === 'asaSeconds') return formatClock(Math.round(v), locale);
  if (m === 'satisfaction') return `${v.toLocaleString(locale, { maximumFractionDigits: 1 })}/5`;
  return `${Math.round(v)}%`;
}

function Bars({ items, metric, locale, label }: { items: { label: string; kpis: Kpis }[]; metric: Metric; locale: string; label: string }) {
  const values = items.map((i) => i.kpis[metric] ?? 0);
  const max = Math.max(1, ...values);
  const rowH = 22;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={label}
      width="100%"
      height={items.length * rowH + 4}
      viewBox={`0 0 400 ${items.length * rowH + 4}`}
      preserveAspectRatio="xMinYMin meet"
    >
      {items.map((it, i) => {
        const v = it.kpis[metric];
        const w = v === null ? 0 : (v / max) * 230;
        return (
          <g key={it.label} transform={`translate(0 ${i * rowH + 2})`}>
            <text x="0" y="15" className="chart-label">
              {it.label.length > 22 ? `${it.label.slice(0, 21)}…` : it.label}
            </text>
            <rect x="150" y="3" width={w} height="15" rx="2" className="chart-bar" />
            <text x={156 + w} y="15" className="chart-value">
              {format(metric, v, locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Day by day: handled (solid) and abandoned (red) calls as stacked bars on the left scale, the service
 * level as a line against its target on the right scale (0-100 %), each day labelled. The figures are
 * also in a table for screen readers.
 */
function DailyTrend({ days, target, label, locale }: { days: { day: string; kpis: Kpis }[]; target: number; label: string; locale: string }) {
  const { t } = useTranslation();
  const w = 560;
  const h = 170;
  const left = 34;
  const right = 40;
  const top = 10;
  const bottom = 24;
  const plotH = h - top - bottom;
  const slot = (w - left - right) / Math.max(1, days.length);
  const cx = (i: number) => left + slot * i + slot / 2;
  const maxCalls = Math.max(1, ...days.map((d) => d.kpis.handled + d.kpis.abandoned));
  const yCalls = (n: number) => top + plotH - (n / maxCalls) * plotH;
  const yPct = (v: number) => top + plotH - (v / 100) * plotH;
  const barW = Math.min(28, slot * 0.6);
  const sl = days
    .map((d, i) => (d.kpis.serviceLevelPct === null ? null : `${cx(i)},${yPct(d.kpis.serviceLevelPct)}`))
    .filter(Boolean)
    .join(' ');
  const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const every = Math.max(1, Math.ceil(days.length / 10));
  return (
    <figure className="chart-figure">
      <svg className="chart" role="img" aria-label={label} width="100%" viewBox={`0 0 ${w} ${h}`}>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={left} x2={w - right} y1={yPct(v)} y2={yPct(v)} className="chart-grid" />
            <text x={w - right + 4} y={yPct(v) + 4} className="chart-label">
              {v}%
            </text>
          </g>
        ))}
        <text x={left - 4} y={top + 8} className="chart-label" textAnchor="end">
          {maxCalls}
        </text>
        <text x={left - 4} y={top + plotH} className="chart-label" textAnchor="end">
          0
        </text>
        {days.map((d, i) => (
          <g key={d.day}>
            <rect x={cx(i) - barW / 2} y={yCalls(d.kpis.handled)} width={barW} height={top + plotH - yCalls(d.kpis.handled)} className="chart-bar" />
            <rect
              x={cx(i) - barW / 2}
              y={yCalls(d.kpis.handled + d.kpis.abandoned)}
              width={barW}
              height={yCalls(d.kpis.handled) - yCalls(d.kpis.handled + d.kpis.abandoned)}
              className="chart-bar-bad"
            />
            {i % every === 0 && (
              <text x={cx(i)} y={h - 6} className="chart-label" textAnchor="middle">
                {dayLabel(d.day)}
              </text>
            )}
          </g>
        ))}
        <line x1={left} x2={w - right} y1={yPct(target)} y2={yPct(target)} className="chart-target" />
        <polyline points={sl} className="chart-line" fill="none" />
        {days.map(
          (d, i) => d.kpis.serviceLevelPct !== null && <circle key={d.day} cx={cx(i)} cy={yPct(d.kpis.serviceLevelPct)} r="3.5" className="chart-dot" />,
        )}
      </svg>
      <figcaption className="chart-legend">
        <span className="key key-bar" /> {t('kpi.legend.handled')} <span className="key key-bad" /> {t('kpi.legend.abandoned')}{' '}
        <span className="key key-line" /> {t('kpi.legend.serviceLevel')} <span className="key key-target" /> {t('kpi.legend.target', { percent: target })}
      </figcaption>
      <table className="visually-hidden">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('kpi.legend.day')}</th>
            <th scope="col">{t('kpi.legend.handled')}</th>
            <th scope="col">{t('kpi.legend.abandoned')}</th>
            <th scope="col">{t('kpi.legend.serviceLevel')}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{dayLabel(d.day)}</th>
              <td>{d.kpis.handled}</td>
              <td>{d.kpis.abandoned}</td>
              <td>{d.kpis.serviceLevelPct === null ? '—' : `${Math.round(d.kpis.serviceLevelPct)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
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
          <select
            value={days}
            onChange={(e) => {
              setDays(Number(e.target.value) as (typeof PERIODS)[number]);
            }}
          >
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
          <p className="muted" data-testid="kpi-volume">
            {t('kpi.volume', { offered: kpis.team.offered, handled: kpis.team.handled, abandoned: kpis.team.abandoned })}
          </p>
          <TeamDataSourceLine source={kpis.source} testId="kpi-source" />
          <label>
            {t('kpi.byAgent')}{' '}
            <select
              value={metric}
              onChange={(e) => {
                setMetric(e.target.value as Metric);
              }}
            >
              {METRICS.map((m) => (
                <option key={m} value={m}>
                  {t(`kpi.metrics.${m}`, { percent: target, seconds: kpis.serviceLevel.answeredWithinSeconds })}
                </option>
              ))}
            </select>
          </label>
          <Bars items={kpis.agents.map((a) => ({ label: a.name, kpis: a.kpis }))} metric={metric} locale={i18n.language} label={t('kpi.byAgent')} />
          <h3>{t('kpi.trend')}</h3>
          <DailyTrend days={kpis.days} target={target} label={t('kpi.trend')} locale={i18n.language} />
        </>
      )}
    </section>
  );
}
