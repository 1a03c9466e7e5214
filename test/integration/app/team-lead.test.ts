// Team-lead mode through the real dispatcher and the real encrypted store: app.info reports the role;
// contact records (written when inbound calls end) joined with wrap-ups give the KPI report; the
// board, alerts, monitoring and KPI channels refuse an agent's desktop; monitoring is audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import { recordContact, SURVEY_EXT } from '../../../electron/main/services/kpi';
import type { CallView } from '../../../shared/domain/call';
import type { KpiReport } from '../../../shared/kpi/kpi';
import { answeredCall, callView } from './caller-call';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let lead: Services;
let agent: Services;
let leadDispatch: Dispatch;
let agentDispatch: Dispatch;

const call = (id: string, createdAt: string, answeredAt: string | null, endedAt: string): CallView =>
  callView(id, { state: 'ended', remote: { displayName: null, user: '+15550100', e164: '+15550100' }, createdAt, answeredAt, endedAt });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-lead-'));
  lead = await createServices({ dataDir: path.join(dir, 'lead'), transport: 'bridge', demoPatients: 10, appRole: 'teamLead' });
  agent = await createServices({ dataDir: path.join(dir, 'agent'), transport: 'bridge', demoPatients: 10 });
  leadDispatch = createDispatch(buildHandlers(lead));
  agentDispatch = createDispatch(buildHandlers(agent));
});

afterAll(async () => {
  await ifSetUp(lead, (l) => l.close());
  await ifSetUp(agent, (a) => a.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the agent's side of the board", () => {
  it("the caller's verification status goes into the agent's presence extras (no patient data), follows the caller's call and clears when it ends", async () => {
    const patientId = (
      agent.store.connection().prepare('SELECT id FROM patient_index WHERE birth_date IS NOT NULL AND mrn IS NOT NULL LIMIT 1').get() as { id: string }
    ).id;
    expect(agent.phone.presenceExtras()).toEqual({ verification: 'none', escalation: null });
    const caller = answeredCall(agent, '+15550177001');
    await agentDispatch('verification.check', { patientId, identifier: 'birthDate', value: '1800-01-01' });
    expect(agent.phone.presenceExtras().verification).toBe('unverified');
    await agentDispatch('verification.check', { patientId, identifier: 'mrn', value: 'NOT-THE-MRN' });
    expect(agent.phone.presenceExtras().verification).toBe('failed');
    // Starting over on the same call does not lift the failure the lead sees.
    await agentDispatch('verification.reset', {});
    expect(agent.phone.presenceExtras().verification).toBe('failed');
    caller.hangup();
    expect(agent.phone.presenceExtras().verification).toBe('none');
  });

  it('monitoring sessions are written to the hash-chained audit log, with no patient in them', () => {
    const seq = lead.audit.recordMonitoring(
      { peer: 'alice', mode: 'whisper', callId: 'm1', event: 'started' },
      { actor: lead.actor, reason: 'team-lead quality monitoring' },
    );
    lead.audit.recordMonitoring(
      { peer: 'mallory', mode: 'listen', callId: 'm2', event: 'refused', detail: 'not a team lead' },
      { actor: lead.actor, reason: 'monitored by team lead' },
    );
    const recent = lead.audit.recent(2) as unknown as {
      subtype: { code: string }[];
      outcome: string;
      entity: { what: { reference: string } }[];
      purposeOfEvent: { text: string }[];
    }[];
    const json = JSON.stringify(recent);
    expect(json).toContain('monitoring started (whisper) on call m1');
    expect(json).toContain('sip:mallory');
    expect(json).not.toContain('Patient/');
    expect(seq).toBeGreaterThan(0);
    expect(lead.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('team-lead mode', () => {
  it('app.info reports the role; the board lists the team file', async () => {
    expect(await leadDispatch('app.info', {})).toMatchObject({ ok: true, value: { role: 'teamLead' } });
    expect(await agentDispatch('app.info', {})).toMatchObject({ ok: true, value: { role: 'agent' } });
    const board = await leadDispatch('board.get', {});
    expect(board).toMatchObject({ ok: true, value: { team: 'Patient access, day shift' } });
    expect((board as { ok: true; value: { rows: { agent: string; state: string }[] } }).value.rows.map((r) => [r.agent, r.state])).toEqual([
      ['alice', 'offline'],
      ['carol', 'offline'],
      ['dave', 'offline'],
    ]);
  });

  it("refuses the lead's channels on an agent's desktop", async () => {
    for (const [channel, args] of [
      ['board.get', {}],
      ['alerts.list', {}],
      ['monitor.start', { agent: 'alice', mode: 'listen' }],
      ['kpi.report', { from: '2030-01-01T00:00:00Z', to: '2030-01-02T00:00:00Z' }],
      ['board.notReadyTimes', {}],
    ] as const) {
      expect(await agentDispatch(channel, args)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // The lead's time in each not-ready reason: one entry per member, none counted yet.
    expect(await leadDispatch('board.notReadyTimes', {})).toMatchObject({ ok: true, value: { team: {} } });
    expect(await leadDispatch('monitor.start', { agent: 'mallory', mode: 'listen' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await leadDispatch('monitor.start', { agent: 'alice', mode: 'snoop' })).toMatchObject({ ok: false, error: { code: 'invalidArgument' } });
    expect(await leadDispatch('kpi.report', { from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'invalidArgument' },
    });
  });

  it('KPIs from contact records joined with wrap-ups in the store', async () => {
    const day = new Date(Date.now() - 3600_000);
    const at = (s: number) => new Date(day.getTime() + s * 1000).toISOString();
    recordContact(lead.contactRecords, call('k1', at(0), at(8), at(308)), lead.actor); // answered in 8 s, 300 s talk
    recordContact(lead.contactRecords, call('k2', at(600), null, at(640)), lead.actor); // abandoned
    recordContact(lead.contactRecords, call('k3', at(900), at(930), at(1030)), lead.actor); // answered in 30 s
    lead.agent.set('wrapUp');
    expect(
      await leadDispatch('wrapUp.save', {
        callId: 'k1',
        patientId: null,
        disposition: 'resolved',
        notes: '',
        followUpAt: null,
        survey: false,
        handleSeconds: 300,
        afterCallSeconds: 60,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await leadDispatch('wrapUp.save', {
        callId: 'k3',
        patientId: null,
        disposition: 'followUpNeeded',
        notes: '',
        followUpAt: new Date(Date.now() + 86_400_000).toISOString(),
        survey: false,
        handleSeconds: 100,
        afterCallSeconds: 20,
      }),
    ).toMatchObject({ ok: true });
    const r = await leadDispatch('kpi.report', { from: new Date(day.getTime() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
    expect(r.ok).toBe(true);
    const report = (r as { ok: true; value: KpiReport }).value;
    expect(report.team).toMatchObject({
      offered: 3,
      handled: 2,
      abandoned: 1,
      ahtSeconds: 240,
      asaSeconds: 19,
      abandonmentPct: 33.3,
      serviceLevelPct: 33.3,
      fcrPct: 50,
    });
    // This desktop's own contacts (its actor): no SIP account here, so named by the actor's user.
    expect(report.agents).toEqual([{ agent: lead.actor, name: lead.actor.replace(/^workstation-user\//, ''), kpis: report.team }]);
    expect(report.serviceLevel).toEqual({ targetPercent: 80, answeredWithinSeconds: 20 });
  });

  it("team members' contact notices (SIP MESSAGE bodies) are stored on the lead's desktop and counted for them; others are ignored", async () => {
    const t0 = Date.now() - 600_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const call = (callId: string, answered: number | null) =>
      JSON.stringify({
        type: 'carefront.contact',
        kind: 'call',
        callId,
        offeredAt: at(0),
        answeredAt: answered === null ? null : at(answered),
        endedAt: at(200),
      });
    expect(lead.teamwork!.contacts.message('alice', call('a1', 4))).toBe(true);
    expect(lead.teamwork!.contacts.message('alice', call('a2', null))).toBe(true);
    expect(
      lead.teamwork!.contacts.message(
        'alice',
        JSON.stringify({ type: 'carefront.contact', kind: 'wrapUp', callId: 'a1', disposition: 'appointmentBooked', afterCallSeconds: 30 }),
      ),
    ).toBe(true);
    // The outbox sent them again after the lead was away: each replaces itself (counted once below).
    expect(lead.teamwork!.contacts.message('alice', call('a1', 4))).toBe(true);
    expect(
      lead.teamwork!.contacts.message(
        'alice',
        JSON.stringify({ type: 'carefront.contact', kind: 'wrapUp', callId: 'a1', disposition: 'appointmentBooked', afterCallSeconds: 30 }),
      ),
    ).toBe(true);
    for (const [from, body] of [
      ['mallory', call('m1', 1)],
      ['alice', 'not json'],
      [
        'alice',
        JSON.stringify({
          type: 'carefront.contact',
          kind: 'wrapUp',
          callId: 'a1',
          disposition: 'resolved',
          afterCallSeconds: 30,
          notes: 'Jane Doe called about her chemo',
        }),
      ],
      ['alice', JSON.stringify({ type: 'carefront.contact', kind: 'call', callId: '../x', offeredAt: 'yesterday', answeredAt: null, endedAt: null })],
    ] as const)
      expect(lead.teamwork!.contacts.message(from, body)).toBe(false);
    const r = await leadDispatch('kpi.report', { from: new Date(t0 - 60_000).toISOString(), to: new Date().toISOString() });
    const alice = (r as { ok: true; value: KpiReport }).value.agents.find((a) => a.agent === 'alice')!;
    expect(alice.kpis).toMatchObject({ offered: 2, handled: 1, abandoned: 1, asaSeconds: 4, ahtSeconds: 226, fcrPct: 100 });
    // The team file's name, not the SIP user.
    expect(alice.name).toBe('Alice Agent');

    // Survey answers come back from the survey system as FHIR NDJSON, imported like any other file;
    // joined to the call by id. A score out of range is not counted.
    const answer = (id: string, callId: string, score: number, sentAt: number) =>
      JSON.stringify({
        resourceType: 'Communication',
        id,
        status: 'completed',
        sent: new Date(sentAt).toISOString(),
        extension: [
          {
            url: SURVEY_EXT,
            extension: [
              { url: 'callId', valueString: callId },
              { url: 'score', valueInteger: score },
            ],
          },
        ],
      });
    const file = path.join(dir, 'surveys.ndjson');
    fs.writeFileSync(file, [answer('survey-1', 'a1', 4, Date.now() - 1000), answer('survey-2', 'a2', 9, Date.now() - 1000)].join('\n') + '\n');
    const imported = await lead.imports.importFiles([file]);
    expect(imported.committed).toBe(2);
    const after = await leadDispatch('kpi.report', { from: new Date(t0 - 60_000).toISOString(), to: new Date().toISOString() });
    const aliceAfter = (after as { ok: true; value: KpiReport }).value.agents.find((a) => a.agent === 'alice')!;
    expect(aliceAfter.kpis.satisfaction).toBe(4);
    expect(aliceAfter.kpis.offered).toBe(2); // survey answers are not calls
  });
});

describe('escalations, as the lead sees them', () => {
  it("an escalated call's alert says which call (id, start), the agent and the target; its wrap-up joins the contact, so FCR is a number", async () => {
    const t0 = Date.now() - 300_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    lead.teamwork!.alerts.message(
      'alice',
      JSON.stringify({
        type: 'carefront.escalation',
        escalation: 'supervisor',
        reason: 'complaint',
        agent: 'workstation-user/alice',
        callId: 'esc-call-1234',
        at: at(60),
        callStartedAt: at(5),
      }),
    );
    const alerts = await leadDispatch('alerts.list', {});
    const alert = (alerts as { ok: true; value: import('../../../shared/domain/alerts').Alert[] }).value.find((a) => a.callId === 'esc-call-1234')!;
    expect(alert).toMatchObject({
      kind: 'escalation',
      agent: 'alice',
      name: 'Alice Agent',
      escalation: 'supervisor',
      reason: 'complaint',
      callId: 'esc-call-1234',
      callStartedAt: at(5),
    });
    // The escalated call's contact and its wrap-up (disposition escalated) reach the lead: FCR 0 %, not "—".
    expect(
      lead.teamwork!.contacts.message(
        'alice',
        JSON.stringify({ type: 'carefront.contact', kind: 'call', callId: 'esc-call-1234', offeredAt: at(0), answeredAt: at(5), endedAt: at(200) }),
      ),
    ).toBe(true);
    expect(
      lead.teamwork!.contacts.message(
        'alice',
        JSON.stringify({ type: 'carefront.contact', kind: 'wrapUp', callId: 'esc-call-1234', disposition: 'escalated', afterCallSeconds: 20 }),
      ),
    ).toBe(true);
    const r = await leadDispatch('kpi.report', { from: new Date(t0 - 1000).toISOString(), to: new Date().toISOString() });
    const alice = (r as { ok: true; value: KpiReport }).value.agents.find((a) => a.agent === 'alice')!;
    expect(alice).toMatchObject({ name: 'Alice Agent', kpis: { handled: 1, fcrPct: 0 } });
  });
});
