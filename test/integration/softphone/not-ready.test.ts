// Not-ready reasons and care for the agent on the real rig: alice's phone service publishes her not-ready reason as
// presence through Kamailio; the lead's board (subscribed through bob's own softphone) shows the reason with the
// lead's limit, and the alerts service raises the limit alert once it passes (a limit of a second on this rig).
// A crisis escalation on a real call makes the call hard: alice's desk offers the reset and tells bob by SIP
// MESSAGE; bob's board counts hard calls in a row (an abusive caller adds one, an ordinary call ends the run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { PhoneService } from '../../../electron/main/services/phone';
import { EscalationService } from '../../../electron/main/services/escalation';
import { BoardService } from '../../../electron/main/services/board';
import { AlertService } from '../../../electron/main/services/alerts';
import { CareService } from '../../../electron/main/services/care';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { Alert } from '../../../shared/domain/alerts';
import { NotReadyCatalog, type ResetOffer } from '../../../shared/domain/not-ready';
import { ESCALATIONS } from '../../../shared/escalation/targets';
import { Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { callState, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

/** The reasons on this rig: a lunch limit of a second, so the alert comes within the test. */
const reasons = new NotReadyCatalog([{ id: 'break' }, { id: 'lunch', limitMinutes: 1 / 60 }, { id: 'afterDifficultCall', limitMinutes: 5 }]);

let kam: Kamailio;
let alice: { phone: PhoneService; status: AgentStatusService; calls: { id: string; state: string }[] };
let lead: TestPhone;
let caller: TestPhone;
let board: BoardService;
let alerts: AlertService;
const alertEvents: Alert[] = [];

beforeAll(async () => {
  kam = await Kamailio.create();
  const events = new DomainEventBus();
  const calls: { id: string; state: string }[] = [];
  events.on('call.changed', (c) => calls.push(c));
  const status = new AgentStatusService(events, reasons);
  const phone = new PhoneService(events, status, () => new NodeRtpSessionDescriptionHandler());
  await phone.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
  await waitFor(() => phone.status().registration === 'registered', 'alice registered');
  alice = { phone, status, calls };
  lead = makePhone(kam, 'bob');
  caller = makePhone(kam, 'dave');
  for (const p of [lead, caller]) await p.phone.start();
  for (const p of [lead, caller]) await registered(p);
  board = new BoardService({ name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] }, () => undefined, Date.now, 25, reasons);
  alerts = new AlertService(board, { longCallSeconds: 600, longWrapUpSeconds: 600 }, (a) => alertEvents.push({ ...a }));
  alerts.attach(lead.phone);
  alerts.start(100);
  await board.attach(lead.phone);
}, 60_000);

afterAll(async () => {
  ifSetUp(alerts, (a) => {
    a.stop();
  });
  await ifSetUp(board, (b) => b.close());
  await ifSetUp(alice, (a) => a.phone.stop());
  for (const p of [lead, caller]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

describe('not-ready reasons and care for the agent on the rig', () => {
  it("the reason reaches the lead's board with the lead's limit; the lead is alerted once the limit passes", async () => {
    const chosen = alice.status.choose('break', 'lunch');
    await waitFor(() => board.get('alice')?.notReady === 'lunch', 'lunch on the board');
    expect(board.get('alice')).toMatchObject({ state: 'break', since: chosen.since, notReady: 'lunch', notReadyLimitMinutes: 1 / 60 });
    await waitFor(() => alertEvents.some((a) => a.kind === 'notReadyLimit'), 'the limit alert', 5000);
    expect(alertEvents.find((a) => a.kind === 'notReadyLimit')).toMatchObject({ agent: 'alice', name: 'Alice Agent', notReady: 'lunch', thresholdSeconds: 1 });
    alice.status.set('break', 'break');
    await waitFor(() => board.get('alice')?.notReady === 'break', 'a plain break on the board');
    expect(board.get('alice')?.notReadyLimitMinutes).toBeNull();
    expect(alertEvents.filter((a) => a.kind === 'notReadyLimit')).toHaveLength(1);
  });

  it('a crisis escalation makes the call hard: the reset is offered, the lead told, the board counts hard calls in a row', async () => {
    const offers: ResetOffer[] = [];
    const care = new CareService(
      reasons,
      (body) => alice.phone.notify('bob', body),
      () => 'alice',
      (o) => offers.push(o),
    );
    const escalation = new EscalationService(
      alice.phone,
      { targets: ESCALATIONS.map((id) => ({ id, kind: 'warm' as const, target: 'nobody-here' })) },
      () => 'workstation-user/alice',
      (body) => alice.phone.notify('bob', body),
    );
    escalation.onProgress((p) => {
      care.escalationProgressed(p);
    });
    alice.status.set('available');
    await waitFor(() => board.get('alice')?.state === 'available', 'alice available');
    const since = alice.calls.length;
    const out = await caller.phone.dial('alice');
    await waitFor(() => alice.calls.slice(since).some((c) => c.state === 'ringing'), 'ringing at alice');
    const callId = alice.calls.slice(since).find((c) => c.state === 'ringing')!.id;
    await alice.phone.answer(callId);
    await callState(caller, out.id, 'active');
    await escalation.escalate(callId, 'crisisCounsellor', 'distress');
    await caller.phone.hangup(out.id);

    care.wrapUpSaved({ callId });
    expect(offers).toEqual([{ kinds: ['crisis'], reason: 'afterDifficultCall', limitMinutes: 5 }]);
    await waitFor(() => board.get('alice')?.hardCallsInARow === 1, 'one hard call on the board');
    await waitFor(() => alertEvents.some((a) => a.kind === 'hardCall'), 'the hard-call alert');
    expect(alertEvents.find((a) => a.kind === 'hardCall')).toMatchObject({ agent: 'alice', hardCall: { kinds: ['crisis'], inARow: 1 }, callId: null });

    care.wrapUpSaved({ callId: 'c-next', abusiveCaller: true });
    await waitFor(() => board.get('alice')?.hardCallsInARow === 2, 'two hard calls in a row on the board');
    care.wrapUpSaved({ callId: 'c-ordinary' });
    await waitFor(() => board.get('alice')?.hardCallsInARow === 0, 'the run ended by an ordinary call');
    expect(offers).toHaveLength(2);
    expect(alertEvents.filter((a) => a.kind === 'hardCall')).toHaveLength(2);
  });
});
