// The team-lead board on the real rig: two agents' phone services (real sip.js UAs) publish their
// state, caller verification and escalation flag as presence and their calls as dialog-info through
// Kamailio; the lead's board (subscribed through the lead's own softphone) gets every change, and the
// alerts service raises the escalation (SIP MESSAGE), long-call, failed-verification and long-wrap-up
// alerts. The latency from the agent's change to the lead's board event is measured and printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { PhoneService } from '../../../electron/main/services/phone';
import { EscalationService } from '../../../electron/main/services/escalation';
import { BoardService } from '../../../electron/main/services/board';
import { AlertService } from '../../../electron/main/services/alerts';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { BoardRow } from '../../../shared/domain/board';
import type { Alert } from '../../../shared/domain/alerts';
import { ESCALATIONS } from '../../../shared/escalation/targets';
import { Kamailio, RIG_USERS, waitFor, type RigUser } from '../../rig/rig';
import { callState, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

interface Agent {
  phone: PhoneService;
  status: AgentStatusService;
  calls: { id: string; state: string }[];
}

let kam: Kamailio;
let alice: Agent;
let carol: Agent;
let lead: TestPhone;
let caller: TestPhone;
let board: BoardService;
let alerts: AlertService;
const updates: { at: number; row: BoardRow }[] = [];
const alertEvents: (Alert & { at: number })[] = [];
const latencies: number[] = [];

async function agent(user: RigUser): Promise<Agent> {
  const events = new DomainEventBus();
  const calls: Agent['calls'] = [];
  events.on('call.changed', (c) => calls.push(c));
  const status = new AgentStatusService(events);
  const phone = new PhoneService(events, status, () => new NodeRtpSessionDescriptionHandler());
  await phone.configure(SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password: RIG_USERS[user], server: kam.wsUrl }));
  await waitFor(() => phone.status().registration === 'registered', `${user} registered`);
  return { phone, status, calls };
}

/** Waits for a board event whose row satisfies `pred`, after `t0`; returns the latency from t0. */
async function boardSees(agentName: string, pred: (r: BoardRow) => boolean, t0: number, what: string): Promise<number> {
  await waitFor(() => updates.some((u) => u.at >= t0 && u.row.agent === agentName && pred(u.row)), what);
  const ms = updates.find((u) => u.at >= t0 && u.row.agent === agentName && pred(u.row))!.at - t0;
  latencies.push(ms);
  return ms;
}

beforeAll(async () => {
  kam = await Kamailio.create();
  alice = await agent('alice');
  carol = await agent('carol');
  lead = makePhone(kam, 'bob');
  caller = makePhone(kam, 'dave');
  for (const p of [lead, caller]) await p.phone.start();
  for (const p of [lead, caller]) await registered(p);
  board = new BoardService(
    {
      name: 'Rig team',
      leads: ['bob'],
      members: [
        { agent: 'alice', name: 'Alice Agent' },
        { agent: 'carol', name: 'Carol Nurse' },
      ],
    },
    (rows) => {
      const at = performance.now();
      for (const row of rows) updates.push({ at, row });
    },
  );
  alerts = new AlertService(board, { longCallSeconds: 1, longWrapUpSeconds: 1 }, (a) => alertEvents.push({ ...a, at: performance.now() }));
  alerts.attach(lead.phone);
  alerts.start(100);
  await board.attach(lead.phone);
}, 60_000);

afterAll(async () => {
  ifSetUp(alerts, (a) => {
    a.stop();
  });
  await ifSetUp(board, (b) => b.close());
  for (const a of [alice, carol]) await ifSetUp(a, (r) => r.phone.stop());
  for (const p of [lead, caller]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
  if (latencies.length) {
    const s = [...latencies].sort((a, b) => a - b);
    console.log(`BOARD_LATENCY_MS n=${s.length} min=${s[0]!.toFixed(1)} p50=${s[Math.floor(s.length / 2)]!.toFixed(1)} max=${s.at(-1)!.toFixed(1)}`);
  }
});

describe('team-lead board on the rig', () => {
  it('shows each agent state change, with the time it began', async () => {
    let t0 = performance.now();
    const published = alice.status.set('available');
    const ms = await boardSees('alice', (r) => r.state === 'available', t0, 'alice available on the board');
    expect(board.get('alice')).toMatchObject({ state: 'available', since: published.since, name: 'Alice Agent' });
    t0 = performance.now();
    carol.status.set('break');
    await boardSees('carol', (r) => r.state === 'break', t0, 'carol on break on the board');
    console.log(`presence: alice available reached the board in ${ms.toFixed(1)} ms`);
  });

  it('shows a call (dialog event package) with its duration, caller verification, escalation; alerts the lead', async () => {
    const since = alice.calls.length;
    const out = await caller.phone.dial('alice');
    await waitFor(() => alice.calls.slice(since).some((c) => c.state === 'ringing'), 'ringing at alice');
    const callId = alice.calls.slice(since).find((c) => c.state === 'ringing')!.id;
    const t0 = performance.now();
    await alice.phone.answer(callId);
    await callState(caller, out.id, 'active');
    await boardSees('alice', (r) => r.callSince !== null && r.state === 'onCall', t0, 'the call on the board');
    expect(Date.now() - Date.parse(board.get('alice')!.callSince!)).toBeLessThan(60_000);

    // The agent's caller fails verification: the flag reaches the board and the lead is alerted.
    let t1 = performance.now();
    alice.phone.setPresenceExtras({ verification: 'failed' });
    await boardSees('alice', (r) => r.verification === 'failed', t1, 'failed verification on the board');
    await waitFor(() => alertEvents.some((a) => a.kind === 'failedVerification' && a.agent === 'alice'), 'failed-verification alert');

    // The escalation button: the notice (SIP MESSAGE) raises an alert; the flag shows on the board.
    const escalation = new EscalationService(
      alice.phone,
      { targets: ESCALATIONS.map((id) => ({ id, kind: 'warm' as const, target: 'nobody-here' })) },
      () => 'workstation-user/alice',
      (body) => alice.phone.notify('bob', body),
    );
    t1 = performance.now();
    await escalation.escalate(callId, 'supervisor', 'complaint');
    await boardSees('alice', (r) => r.escalation === 'supervisor', t1, 'escalation flag on the board');
    await waitFor(() => alertEvents.some((a) => a.kind === 'escalation' && a.agent === 'alice'), 'escalation alert');
    const alert = alertEvents.find((a) => a.kind === 'escalation')!;
    expect(alert).toMatchObject({ escalation: 'supervisor', reason: 'complaint', status: 'open', name: 'Alice Agent' });
    console.log(`escalation: button pressed to the lead's alert in ${(alert.at - t1).toFixed(1)} ms`);

    // Long call (threshold 1 s on this rig).
    await waitFor(() => alertEvents.some((a) => a.kind === 'longCall' && a.agent === 'alice'), 'long-call alert', 5000);

    // Acknowledge, then follow up.
    expect(alerts.acknowledge(alert.id)).toMatchObject({ status: 'acknowledged' });
    expect(alerts.followUp(alert.id, 'resolved')).toMatchObject({ status: 'resolved', followUp: 'resolved' });

    // Hang-up: the call leaves the board, the flags clear, the agent is in wrap-up; long wrap-up alerts.
    const t2 = performance.now();
    await caller.phone.hangup(out.id);
    await boardSees('alice', (r) => r.callSince === null, t2, 'the call gone from the board');
    await boardSees('alice', (r) => r.state === 'wrapUp' && r.verification === 'none' && r.escalation === null, t2, 'wrap-up, flags cleared');
    await waitFor(() => alertEvents.some((a) => a.kind === 'longWrapUp' && a.agent === 'alice'), 'long wrap-up alert', 5000);
    // Each occurrence is alerted once.
    expect(alertEvents.filter((a) => a.kind === 'longCall' && a.status === 'open')).toHaveLength(1);
  });

  it('an agent going offline (unpublishing) shows offline', async () => {
    const t0 = performance.now();
    await carol.phone.stop();
    await boardSees('carol', (r) => r.state === 'offline', t0, 'carol offline on the board');
  });
});
