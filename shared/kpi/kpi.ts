/**
 * Contact-centre KPIs from contact records (one per inbound call, joined with its wrap-up): average
 * handle time (talk + after-call work), average speed of answer, abandonment, service level (share
 * of offered calls answered within Y seconds; abandoned calls count against it), first-contact
 * resolution and satisfaction (survey scores 1-5 where they came back).
 *
 * First-contact resolution: of the answered contacts whose outcome the agent's wrap-up recorded, the
 * share whose disposition says the caller's need was met on that call (`firstContactResolution` in assets/wrap-up/dispositions.json).
 * An escalated call is a contact like any other: when the escalation resolved it while the caller
 * was on the line (a supervisor or nurse conferenced in), the wrap-up says resolved and it counts as
 * resolved; handed on ('escalated', 'transferred') or needing a call back, it counts as not resolved.
 * A contact whose wrap-up has not come yet is not counted either way. Repeat contacts by the same
 * caller are not looked for: contact records deliberately carry no caller identity (no patient data
 * leaves an agent's desktop), so the disposition is the measure.
 * Pure: the same numbers for the team and for each agent, and a per-day series for the charts.
 */
import { DISPOSITIONS } from '../domain/dispositions';
import type { Disposition } from '../domain/wrap-up';

export interface ContactRecord {
  callId: string;
  /** Who took it (the wrap-up's sender, the desktop's actor); the agent it rang at when abandoned. */
  agent: string;
  /** When the call was offered (ISO). */
  offeredAt: string;
  /** Seconds from offered to answered; null when the caller hung up first (abandoned). */
  answerSeconds: number | null;
  talkSeconds: number;
  afterCallSeconds: number;
  disposition: Disposition | null;
  /** Survey score 1-5, when the caller answered the survey. */
  satisfaction: number | null;
}

export interface Kpis {
  offered: number;
  handled: number;
  abandoned: number;
  ahtSeconds: number | null;
  asaSeconds: number | null;
  abandonmentPct: number | null;
  serviceLevelPct: number | null;
  fcrPct: number | null;
  satisfaction: number | null;
  surveys: number;
}

export interface KpiReport {
  from: string;
  to: string;
  serviceLevel: { targetPercent: number; answeredWithinSeconds: number };
  team: Kpis;
  /** Per agent: `agent` as the records name them (a SIP user, or this desktop's actor), `name` as the team file does. */
  agents: { agent: string; name: string; kpis: Kpis }[];
  /** Per day (UTC date), team figures: for the trend charts. */
  days: { day: string; kpis: Kpis }[];
}

const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const pct = (n: number, d: number) => (d ? (100 * n) / d : null);
const round = (x: number | null, digits = 1) => (x === null ? null : Number(x.toFixed(digits)));

export function kpisOf(records: readonly ContactRecord[], answeredWithinSeconds: number): Kpis {
  const handled = records.filter((r): r is ContactRecord & { answerSeconds: number } => r.answerSeconds !== null);
  const abandoned = records.length - handled.length;
  const withDisposition = handled.filter((r) => r.disposition !== null);
  const surveys = records.map((r) => r.satisfaction).filter((s): s is number => s !== null);
  return {
    offered: records.length,
    handled: handled.length,
    abandoned,
    ahtSeconds: round(avg(handled.map((r) => r.talkSeconds + r.afterCallSeconds))),
    asaSeconds: round(avg(handled.map((r) => r.answerSeconds))),
    abandonmentPct: round(pct(abandoned, records.length)),
    serviceLevelPct: round(pct(handled.filter((r) => r.answerSeconds <= answeredWithinSeconds).length, records.length)),
    fcrPct: round(pct(withDisposition.filter((r) => DISPOSITIONS.resolvesOnFirstContact(r.disposition)).length, withDisposition.length)),
    satisfaction: round(avg(surveys), 2),
    surveys: surveys.length,
  };
}

export function kpiReport(
  records: readonly ContactRecord[],
  from: string,
  to: string,
  serviceLevel: KpiReport['serviceLevel'],
  /** The display name of an agent as the records name them (the team file's name); the id itself when unknown. */
  nameOf: (agent: string) => string = (agent) => agent,
): KpiReport {
  const inPeriod = records.filter((r) => r.offeredAt >= from && r.offeredAt < to);
  const group = (key: (r: ContactRecord) => string) => {
    const m = new Map<string, ContactRecord[]>();
    for (const r of inPeriod) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  const within = serviceLevel.answeredWithinSeconds;
  return {
    from,
    to,
    serviceLevel,
    team: kpisOf(inPeriod, within),
    agents: group((r) => r.agent).map(([agent, rs]) => ({ agent, name: nameOf(agent), kpis: kpisOf(rs, within) })),
    days: daysOf(from, to).map((day) => ({
      day,
      kpis: kpisOf(
        inPeriod.filter((r) => r.offeredAt.slice(0, 10) === day),
        within,
      ),
    })),
  };
}

/** Every UTC day the period touches (a quiet day is a day too: it shows as empty, not missing). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from.slice(0, 10)}T00:00:00Z`); t < Date.parse(to); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
