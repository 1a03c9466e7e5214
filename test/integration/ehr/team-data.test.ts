/**
 * Team data on the organisation's FHIR server (a real HAPI FHIR R4 server on loopback): two agent desks write their
 * contact figures and wrap-ups through their real outboxes, and a third desk, a team lead's with an empty local table,
 * computes the team's KPIs from the server for a period (records outside it left out, a malformed one skipped and
 * counted); with the site's server the agents send no figures to the leads by SIP; a lead whose server cannot be reached
 * gets its local copy, said so; practice attempts finished on two trainees' desks are reviewed from a third.
 * Agent and trainee names are made for this run, so other tests writing to the same server do not change the counts.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Communication } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/cache';
import { RECORD_KIND_SYSTEM, RECORD_SHAPES } from '../../../electron/cache/fhir/record-shapes';
import { EhrConnectionStore } from '../../../electron/ehr/connection-store';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { createDispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services, type ServicesOptions } from '../../../electron/main/services';
import { recordContact } from '../../../electron/main/services/kpi';
import { SecretBox } from '../../../electron/main/services/secret-box';
import type { CallView } from '../../../shared/domain/call';
import type { Sourced } from '../../../shared/ehr/team-data-source';
import type { CallEnded } from '../../../shared/events/domain-events';
import type { KpiReport } from '../../../shared/kpi/kpi';
import type { PracticeAttempt } from '../../../shared/practice/view';
import { freePort } from '../../loopback-port';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';

const info = fhirServerInfo();
const run = randomUUID().slice(0, 8);
const ALICE = `td-${run}-alice`;
const BOB = `td-${run}-bob`;
const LEAD = `td-${run}-lead`;

let root: string;
let teamFile: string;
const open: Services[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-teamdata-'));
  teamFile = path.join(root, 'team.json');
  fs.writeFileSync(
    teamFile,
    JSON.stringify({
      name: `Team data ${run}`,
      leads: [LEAD],
      members: [
        { agent: ALICE, name: 'Alice Server' },
        { agent: BOB, name: 'Bob Server' },
      ],
    }),
  );
});

afterAll(async () => {
  for (const s of open.splice(0)) await s.close();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A desk whose site connection points at `baseUrl` (sealed under its store key, as `carefront-admin ehr set` does). */
async function desk(name: string, baseUrl: string | null, options: Partial<ServicesOptions> = {}): Promise<Services> {
  const dataDir = path.join(root, name);
  await (await createServices({ dataDir, transport: 'bridge', demoPatients: 5 })).close();
  if (baseUrl) {
    const key = keyFileProvider(path.join(dataDir, 'demo.key')).readKey();
    if (!key) throw new Error('the desk has no store key');
    new EhrConnectionStore(dataDir, new SecretBox(key)).save({ baseUrl, auth: { kind: 'none' } });
  }
  const s = await createServices({ dataDir, transport: 'bridge', demoPatients: 5, teamFile, ...options });
  open.push(s);
  return s;
}

async function ok<T>(s: Services, channel: string, args: unknown): Promise<T> {
  const r = await createDispatch(buildHandlers(s))(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

const inbound = (id: string, offered: number, answered: number | null, ended: number): CallView => ({
  id,
  direction: 'inbound',
  state: 'ended',
  remote: { displayName: null, user: '15550100', e164: '+15550100' },
  createdAt: new Date(offered).toISOString(),
  answeredAt: answered === null ? null : new Date(answered).toISOString(),
  endedAt: new Date(ended).toISOString(),
  muted: false,
  heldSince: null,
  endReason: null,
  conferenceWith: [],
  monitor: null,
});

/** The phone's report of a caller's call that ended, as the call reporter emits it. */
const ended = (call: CallView): CallEnded => ({ callId: call.id, leg: 'caller', reason: null, answered: call.answeredAt !== null, call });

const jobsFor = (s: Services, destination: 'fhir' | 'team-lead') =>
  s.store.connection().prepare('SELECT status, client_id FROM outbox_job WHERE destination = ?').all(destination) as { status: string; client_id: string }[];

/** Waits until every write of the desk to the server went through (the audit trail's included). */
async function delivered(s: Services, ms = 45_000): Promise<void> {
  for (const deadline = Date.now() + ms; jobsFor(s, 'fhir').some((j) => j.status !== 'done');) {
    if (Date.now() > deadline) throw new Error(`writes not delivered: ${JSON.stringify(jobsFor(s, 'fhir').filter((j) => j.status !== 'done'))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function wrapUp(s: Services, callId: string, disposition: string, afterCallSeconds: number): Promise<void> {
  await ok(s, 'wrapUp.save', {
    callId,
    // No patient: the demo store's patients are not on the test server (the figures are what counts here).
    patientId: null,
    disposition,
    notes: 'Synthetic test call.',
    followUpAt: null,
    survey: false,
    handleSeconds: 100,
    afterCallSeconds,
  });
}

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'team data on the FHIR server (real HAPI server)' : `team data: SKIPPED, ${info.reason}`, () => {
  let baseUrl: string;
  beforeAll(async () => {
    baseUrl = await waitForFhirServer(info);
  }, FHIR_READY_TIMEOUT_MS + 10_000);

  it("a lead with an empty local table computes the team's KPIs for a period from what two agents' desks wrote to the server", async () => {
    const t0 = Date.now() - 3_600_000;
    const from = new Date(t0 - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const a = await desk('agent-a', baseUrl);
    const b = await desk('agent-b', baseUrl);
    expect(a.teamData.onServer).toBe(true);
    // Alice: answered in 10 s, 300 s of talk, resolved with 30 s of wrap-up; then an abandoned call.
    const a1 = `a1${run}`;
    recordContact(a.contactRecords, inbound(a1, t0, t0 + 10_000, t0 + 310_000), a.actor, a.ehr.writeBack, ALICE);
    recordContact(a.contactRecords, inbound(`a2${run}`, t0 + 600_000, null, t0 + 640_000), a.actor, a.ehr.writeBack, ALICE);
    await wrapUp(a, a1, 'resolved', 30);
    // Bob: answered in 40 s, 100 s of talk, handed on; and a call three days before the period.
    const b1 = `b1${run}`;
    recordContact(b.contactRecords, inbound(b1, t0 + 60_000, t0 + 100_000, t0 + 200_000), b.actor, b.ehr.writeBack, BOB);
    recordContact(
      b.contactRecords,
      inbound(`b0${run}`, t0 - 3 * 86_400_000, t0 - 3 * 86_400_000 + 5000, t0 - 3 * 86_400_000 + 9000),
      b.actor,
      b.ehr.writeBack,
      BOB,
    );
    await wrapUp(b, b1, 'transferred', 20);
    // With the site's server, a call that ends on an agent's desk (and a wrap-up saved, above) sends the leads no copy by SIP.
    a.events.emit('call.ended', ended(inbound(`a9${run}`, t0 - 5 * 86_400_000, null, t0 - 5 * 86_400_000 + 1000)));
    expect(jobsFor(a, 'team-lead')).toEqual([]);
    await Promise.all([delivered(a), delivered(b)]);

    // A record on the server that is not what a desk writes (a call id that is not one, no offer time): skipped and counted.
    await new FhirClient({ baseUrl }).createIfNoneExist(
      {
        resourceType: 'Communication',
        status: 'completed',
        category: [{ coding: [{ system: RECORD_KIND_SYSTEM, code: RECORD_SHAPES.contact.category }] }],
        sent: new Date(t0 + 1000).toISOString(),
        identifier: [{ system: 'urn:carefront:test', value: `malformed-${run}` }],
        sender: { display: ALICE },
        extension: [
          {
            url: RECORD_SHAPES.contact.url,
            extension: [
              { url: 'kind', valueCode: 'call' },
              { url: 'callId', valueString: '../not-a-call' },
              { url: 'sipUser', valueString: ALICE },
            ],
          },
        ],
      } satisfies Communication,
      `identifier=urn:carefront:test|malformed-${run}`,
    );

    // The survey system's answers on the server: one for Alice's answered call; a score out of range is skipped.
    for (const [n, score] of [
      [1, 4],
      [2, 9],
    ] as const)
      await new FhirClient({ baseUrl }).createIfNoneExist(
        {
          resourceType: 'Communication',
          status: 'completed',
          identifier: [{ system: 'urn:carefront:test', value: `survey-${n}-${run}` }],
          category: [{ coding: [{ system: RECORD_KIND_SYSTEM, code: RECORD_SHAPES.surveyResponse.category }] }],
          sent: new Date().toISOString(),
          extension: [
            {
              url: RECORD_SHAPES.surveyResponse.url,
              extension: [
                { url: 'callId', valueString: a1 },
                { url: 'score', valueInteger: score },
              ],
            },
          ],
        } satisfies Communication,
        `identifier=urn:carefront:test|survey-${n}-${run}`,
      );

    const lead = await desk('lead', baseUrl, { appRole: 'teamLead' });
    expect((lead.store.connection().prepare('SELECT count(*) AS n FROM contact_record').get() as { n: number }).n).toBe(0);
    const report = await ok<Sourced<KpiReport>>(lead, 'kpi.report', { from, to });
    expect(report.source).toMatchObject({ kind: 'server', complete: true });
    expect(report.source.kind === 'server' && report.source.skipped).toBeGreaterThanOrEqual(2);
    const byAgent = Object.fromEntries(report.agents.map((x) => [x.agent, x]));
    expect(byAgent[ALICE]).toMatchObject({
      name: 'Alice Server',
      kpis: { offered: 2, handled: 1, abandoned: 1, asaSeconds: 10, ahtSeconds: 330, fcrPct: 100, satisfaction: 4, surveys: 1 },
    });
    // Bob's call from three days before is outside the period.
    expect(byAgent[BOB]).toMatchObject({ name: 'Bob Server', kpis: { offered: 1, handled: 1, abandoned: 0, asaSeconds: 40, ahtSeconds: 120, fcrPct: 0 } });
    expect(report.team.offered).toBe(report.agents.reduce((n, x) => n + x.kpis.offered, 0));

    // A period that holds only Bob's early call.
    const early = await ok<Sourced<KpiReport>>(lead, 'kpi.report', {
      from: new Date(t0 - 3 * 86_400_000 - 60_000).toISOString(),
      to: new Date(t0 - 2 * 86_400_000).toISOString(),
    });
    expect(early.agents.find((x) => x.agent === BOB)?.kpis).toMatchObject({ offered: 1, handled: 1, asaSeconds: 5 });
    expect(early.agents.find((x) => x.agent === ALICE)).toBeUndefined();
  }, 180_000);

  it("without a site server, today's behaviour stays: the agent's desk queues its figures for the leads by SIP", async () => {
    const s = await desk('agent-nolink', null);
    expect(s.teamData.onServer).toBe(false);
    s.events.emit('call.ended', ended(inbound(`n1${run}`, Date.now() - 60_000, Date.now() - 50_000, Date.now())));
    await new Promise((r) => setTimeout(r, 50));
    expect(jobsFor(s, 'team-lead').length).toBeGreaterThan(0);
  }, 60_000);

  it('a lead whose server cannot be reached gets its local copy, and is told since when', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/fhir`;
    const lead = await desk('lead-offline', closed, { appRole: 'teamLead' });
    const t = Date.now() - 120_000;
    recordContact(lead.contactRecords, inbound(`l1${run}`, t, t + 5000, t + 65_000), lead.actor);
    const args = { from: new Date(t - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const first = await ok<Sourced<KpiReport>>(lead, 'kpi.report', args);
    expect(first.source).toMatchObject({ kind: 'localFallback', code: 'ehrUnreachable' });
    expect(first.team).toMatchObject({ offered: 1, handled: 1, asaSeconds: 5 });
    const second = await ok<Sourced<KpiReport>>(lead, 'kpi.report', args);
    // Still failing: since the first failure, not since this read.
    expect(second.source).toEqual(first.source);
  }, 60_000);

  it("practice attempts finished on two trainees' desks are reviewed from a third (a lead's, with an empty history)", async () => {
    const trainees: [string, string] = [`Trainee One ${run}`, `Trainee Two ${run}`];
    for (const [i, trainee] of trainees.entries()) {
      const s = await desk(`trainee-${i}`, baseUrl, { practice: true });
      const ringing: string[] = [];
      s.events.on('call.changed', (c) => c.state === 'ringing' && ringing.push(c.id));
      await ok(s, 'practice.start', { scenarioId: 'booking-new-appointment', trainee });
      await ok(s, 'phone.answer', { callId: ringing[0] });
      await ok(s, 'phone.hangup', { callId: ringing[0] });
      for (const deadline = Date.now() + 10_000; !jobsFor(s, 'fhir').some((j) => j.client_id.startsWith('practice-attempt-'));) {
        if (Date.now() > deadline) throw new Error('the practice attempt was not queued');
        await new Promise((r) => setTimeout(r, 25));
      }
      await delivered(s);
      // A trainee's own history stays this desk's.
      const own = await ok<Sourced<{ attempts: PracticeAttempt[] }>>(s, 'practice.history', { trainee });
      expect(own.source).toEqual({ kind: 'local' });
      expect(own.attempts.map((x) => x.trainee)).toEqual([trainee]);
    }
    // An attempt on the server that is not well formed (a percent out of range, no report): skipped and counted.
    await new FhirClient({ baseUrl }).createIfNoneExist(
      {
        resourceType: 'Communication',
        status: 'completed',
        category: [{ coding: [{ system: RECORD_KIND_SYSTEM, code: RECORD_SHAPES.practiceAttempt.category }] }],
        sent: new Date().toISOString(),
        identifier: [{ system: 'urn:carefront:test', value: `malformed-attempt-${run}` }],
        sender: { display: trainees[0] },
        extension: [
          {
            url: RECORD_SHAPES.practiceAttempt.url,
            extension: [
              { url: 'scenarioId', valueString: 'booking-new-appointment' },
              { url: 'percent', valueInteger: 250 },
            ],
          },
        ],
      } satisfies Communication,
      `identifier=urn:carefront:test|malformed-attempt-${run}`,
    );

    const lead = await desk('lead-practice', baseUrl, { practice: true, appRole: 'teamLead' });
    expect((lead.store.connection().prepare('SELECT count(*) AS n FROM practice_attempt').get() as { n: number }).n).toBe(0);
    const all = await ok<Sourced<{ attempts: PracticeAttempt[] }>>(lead, 'practice.history', {});
    expect(all.source).toMatchObject({ kind: 'server' });
    expect(all.source.kind === 'server' && all.source.skipped).toBeGreaterThanOrEqual(1);
    const ours = all.attempts.filter((x) => trainees.includes(x.trainee));
    expect(ours.map((x) => x.trainee).sort()).toEqual([...trainees].sort());
    for (const x of ours) {
      expect(x).toMatchObject({ scenarioId: 'booking-new-appointment', report: { scenarioId: 'booking-new-appointment', passed: x.passed } });
      expect(typeof x.id).toBe('string');
    }
    const one = await ok<Sourced<{ attempts: PracticeAttempt[] }>>(lead, 'practice.history', { trainee: trainees[1] });
    expect(one.attempts.map((x) => x.trainee)).toEqual([trainees[1]]);
  }, 240_000);
});
