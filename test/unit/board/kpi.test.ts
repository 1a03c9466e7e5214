// KPI computations on known data: every figure checked by hand.
import { describe, expect, it } from 'vitest';
import { agentNames } from '../../../electron/main/services/kpi';
import { kpiReport, kpisOf, type ContactRecord } from '../../../shared/kpi/kpi';

const rec = (p: Partial<ContactRecord> & Pick<ContactRecord, 'agent' | 'offeredAt'>): ContactRecord => ({
  callId: `c${Math.random().toString(36).slice(2, 8)}`,
  answerSeconds: 10,
  talkSeconds: 200,
  afterCallSeconds: 40,
  disposition: 'resolved',
  satisfaction: null,
  ...p,
});

const records: ContactRecord[] = [
  rec({
    agent: 'alice',
    offeredAt: '2030-01-01T09:00:00Z',
    answerSeconds: 5,
    talkSeconds: 300,
    afterCallSeconds: 60,
    disposition: 'resolved',
    satisfaction: 5,
  }),
  rec({
    agent: 'alice',
    offeredAt: '2030-01-01T10:00:00Z',
    answerSeconds: 30,
    talkSeconds: 100,
    afterCallSeconds: 20,
    disposition: 'followUpNeeded',
    satisfaction: 3,
  }),
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
    expect(kpisOf([], 20)).toEqual({
      offered: 0,
      handled: 0,
      abandoned: 0,
      ahtSeconds: null,
      asaSeconds: null,
      abandonmentPct: null,
      serviceLevelPct: null,
      fcrPct: null,
      satisfaction: null,
      surveys: 0,
    });
  });

  it("per agent, the team file's display name beside the id the records use", () => {
    const names = new Map([['alice', 'Alice Agent']]);
    const r = kpiReport(records, '2030-01-01T00:00:00Z', '2030-01-03T00:00:00Z', { targetPercent: 80, answeredWithinSeconds: 20 }, (a) => names.get(a) ?? a);
    expect(r.agents.map((a) => [a.agent, a.name])).toEqual([
      ['alice', 'Alice Agent'],
      ['bob', 'bob'],
    ]);
  });

  it('agentNames: members by the team file; this desktop’s own contacts (its actor) by its SIP user', () => {
    const team = {
      name: 'T',
      leads: ['bob'],
      members: [
        { agent: 'alice', name: 'Alice Agent' },
        { agent: 'carol', name: 'Carol Nurse' },
      ],
    };
    const nameOf = agentNames(team, 'workstation-user/ann', 'carol');
    expect(['alice', 'carol', 'workstation-user/ann', 'mallory'].map(nameOf)).toEqual(['Alice Agent', 'Carol Nurse', 'Carol Nurse', 'mallory']);
    expect(agentNames(team, 'workstation-user/ann', '')('workstation-user/ann')).toBe('ann');
    expect(agentNames(team, 'workstation-user/ann', 'bob')('workstation-user/ann')).toBe('bob');
  });

  it('first-contact resolution with escalated calls: an escalation resolved on the call counts as resolved, one handed on as not, one without a wrap-up yet not at all', () => {
    const day = '2030-02-01T10:00:00Z';
    const fcr = (dispositions: ContactRecord['disposition'][]) =>
      kpisOf(
        dispositions.map((disposition) => rec({ agent: 'alice', offeredAt: day, disposition })),
        20,
      ).fcrPct;
    // One escalated call, wrapped up as escalated (handed on to the supervisor): a number, 0 %.
    expect(fcr(['escalated'])).toBe(0);
    // The supervisor resolved it while the caller was on the line: the agent records it resolved.
    expect(fcr(['resolved', 'escalated'])).toBe(50);
    expect(fcr(['resolved', 'transferred', 'followUpNeeded', 'appointmentBooked'])).toBe(50);
    // The wrap-up has not come yet: not counted either way (no number from no outcome).
    expect(fcr([null])).toBeNull();
    expect(fcr([null, 'escalated', 'resolved'])).toBe(50);
    // An abandoned call is not a handled contact: it does not count.
    expect(
      kpisOf(
        [rec({ agent: 'alice', offeredAt: day, answerSeconds: null, disposition: null }), rec({ agent: 'alice', offeredAt: day, disposition: 'resolved' })],
        20,
      ).fcrPct,
    ).toBe(100);
  });
});
