// KPI computations on known data: every figure checked by hand.
import { describe, expect, it } from 'vitest';
import { kpiReport, kpisOf, type ContactRecord } from '../../../shared/kpi/kpi';

const rec = (p: Partial<ContactRecord> & Pick<ContactRecord, 'agent' | 'offeredAt'>): ContactRecord => ({
  callId: `c${Math.random().toString(36).slice(2, 8)}`, answerSeconds: 10, talkSeconds: 200, afterCallSeconds: 40, disposition: 'resolved', satisfaction: null, ...p,
});

const records: ContactRecord[] = [
  rec({ agent: 'alice', offeredAt: '2030-01-01T09:00:00Z', answerSeconds: 5, talkSeconds: 300, afterCallSeconds: 60, disposition: 'resolved', satisfaction: 5 }),
  rec({ agent: 'alice', offeredAt: '2030-01-01T10:00:00Z', answerSeconds: 30, talkSeconds: 100, afterCallSeconds: 20, disposition: 'followUpNeeded', satisfaction: 3 }),
  rec({ agent: 'alice', offeredAt: '2030-01-02T10:00:00Z', answerSeconds: null, talkSeconds: 0, afterCallSeconds: 0, disposition: null }),
  rec({ agent: 'bob', offeredAt: '2030-01-02T11:00:00Z', answerSeconds: 15, talkSeconds: 200, afterCallSeconds: 40, disposition: 'appointmentBooked' }),
  rec({ agent: 'bob', offeredAt: '2030-01-05T11:00:00Z', answerSeconds: 1, talkSeconds: 1, afterCallSeconds: 1, disposition: 'resolved' }), // outside the period
];

describe('KPIs', () => {
  it('team figures: AHT, ASA, abandonment, service level 80/20, FCR, satisfaction', () => {
    const r = kpiReport(records, '2030-01-01T00:00:00Z', '2030-01-03T00:00:00Z', { targetPercent: 80, answeredWithinSeconds: 20 });
    expect(r.team).toEqual({
      offered: 4,
      handled: 3,
      abandoned: 1,
      ahtSeconds: 240, // (360 + 120 + 240) / 3
      asaSeconds: 16.7, // (5 + 30 + 15) / 3
      abandonmentPct: 25,
      serviceLevelPct: 50, // 5 s and 15 s within 20 s, of 4 offered
      fcrPct: 66.7, // resolved + appointmentBooked of 3 with a disposition
      satisfaction: 4,
      surveys: 2,
    });
  });

  it('per agent and per day', () => {
    const r = kpiReport(records, '2030-01-01T00:00:00Z', '2030-01-03T00:00:00Z', { targetPercent: 80, answeredWithinSeconds: 20 });
    expect(r.agents.map((a) => [a.agent, a.kpis.offered, a.kpis.handled, a.kpis.ahtSeconds, a.kpis.abandonmentPct])).toEqual([
      ['alice', 3, 2, 240, 33.3],
      ['bob', 1, 1, 240, 0],
    ]);
    expect(r.days.map((d) => [d.day, d.kpis.offered, d.kpis.serviceLevelPct])).toEqual([
      ['2030-01-01', 2, 50],
      ['2030-01-02', 2, 50],
    ]);
  });

  it('a quiet day in the period is a day with nothing, not a missing day', () => {
    const r = kpiReport(records, '2030-01-01T00:00:00Z', '2030-01-05T00:00:00Z', { targetPercent: 80, answeredWithinSeconds: 20 });
    expect(r.days.map((d) => [d.day, d.kpis.offered, d.kpis.serviceLevelPct])).toEqual([
      ['2030-01-01', 2, 50],
      ['2030-01-02', 2, 50],
      ['2030-01-03', 0, null],
      ['2030-01-04', 0, null],
    ]);
  });

  it('no data gives no numbers, not zeros', () => {
    expect(kpisOf([], 20)).toEqual({ offered: 0, handled: 0, abandoned: 0, ahtSeconds: null, asaSeconds: null, abandonmentPct: null, serviceLevelPct: null, fcrPct: null, satisfaction: null, surveys: 0 });
  });
});
