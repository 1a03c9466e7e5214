// Escalation buttons against the real rig: the crisis counsellor is conferenced in with the agent
// staying on; the billing specialist gets a blind transfer; the team lead receives a notice (SIP
// MESSAGE) with no patient data each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../../electron/main/event-bus';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { EscalationService } from '../../../electron/main/services/escalation';
import { PhoneService } from '../../../electron/main/services/phone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { EscalationNotice } from '../../../shared/escalation/targets';
import { Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { answerFrom, callState, makePhone, registered, type TestPhone } from './helpers';

let kam: Kamailio;
let agent: PhoneService;
const agentCalls: { id: string; state: string; conferenceWith: unknown[]; answeredAt: string | null }[] = [];
let caller: TestPhone;
let counsellor: TestPhone;
let lead: TestPhone;
let escalations: EscalationService;
const notices: EscalationNotice[] = [];

beforeAll(async () => {
  kam = await Kamailio.create();
  const bus = new EventBus();
  bus.subscribe((event, payload) => event === 'call.updated' && agentCalls.push(payload as never));
  agent = new PhoneService(bus, new AgentStatusService(bus), () => new NodeRtpSessionDescriptionHandler());
  await agent.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
  [caller, counsellor, lead] = [makePhone(kam, 'dave'), makePhone(kam, 'carol'), makePhone(kam, 'bob')];
  for (const p of [caller, counsellor, lead]) await p.phone.start();
  for (const p of [caller, counsellor, lead]) await registered(p);
  await waitFor(() => agent.status().registration === 'registered', 'agent registered');
  lead.phone.on('message', (_from, body) => notices.push(JSON.parse(body)));
  escalations = new EscalationService(
    agent,
    { targets: [
      { id: 'supervisor', kind: 'warm', target: 'bob' },
      { id: 'nurseTriage', kind: 'warm', target: 'carol' },
      { id: 'crisisCounsellor', kind: 'conference', target: 'carol' },
      { id: 'billingSpecialist', kind: 'blind', target: 'carol' },
      { id: 'privacyOfficer', kind: 'warm', target: 'bob' },
    ] },
    'workstation-user/test',
    (body) => agent.notify('bob', body),
  );
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  for (const p of [caller, counsellor, lead]) await p?.phone.stop().catch(() => undefined);
  await kam?.dispose();
});

async function callerReachesAgent(): Promise<string> {
  const before = agentCalls.length;
  const out = await caller.phone.dial('alice');
  await waitFor(() => agentCalls.slice(before).some((c) => c.state === 'ringing'), 'ringing at the agent');
  const id = agentCalls.slice(before).find((c) => c.state === 'ringing')!.id;
  await agent.answer(id);
  await callState(caller, out.id, 'active');
  return id;
}

describe('escalation', () => {
  it('crisis counsellor: conferenced in, the agent stays on, the lead is told', async () => {
    const callId = await callerReachesAgent();
    const since = counsellor.calls.length;
    const result = await escalations.escalate(callId, 'crisisCounsellor', 'distress');
    expect(result).toMatchObject({ kind: 'conference', escalation: 'crisisCounsellor' });
    await answerFrom(counsellor, 'alice', since);
    await waitFor(() => agentCalls.some((c) => c.id === callId && c.state === 'active' && c.conferenceWith.length === 1), 'the three joined');
    await waitFor(() => notices.some((n) => n.escalation === 'crisisCounsellor'), 'the notice at the lead');
    const notice = notices.find((n) => n.escalation === 'crisisCounsellor')!;
    expect(notice).toMatchObject({ type: 'carefront.escalation', reason: 'distress', agent: 'workstation-user/test', callId });
    expect(Object.keys(notice).sort()).toEqual(['agent', 'at', 'callId', 'callStartedAt', 'escalation', 'reason', 'type']); // no patient data
    // Which call, for the lead: its id, and when it started (answered).
    expect(notice.callStartedAt).toBe(agentCalls.find((c) => c.id === callId && c.answeredAt)!.answeredAt);
    await agent.hangup(result.targetCallId!);
    await agent.hangup(callId);
  });

  it('billing specialist: a blind transfer, the agent is free', async () => {
    const callId = await callerReachesAgent();
    const since = counsellor.calls.length;
    await escalations.escalate(callId, 'billingSpecialist', 'billingDispute');
    await waitFor(() => agentCalls.some((c) => c.id === callId && c.state === 'ended'), 'the agent off the call');
    const atSpecialist = await answerFrom(counsellor, 'dave', since);
    await waitFor(() => notices.some((n) => n.escalation === 'billingSpecialist'), 'the notice at the lead');
    await counsellor.phone.hangup(atSpecialist.id);
  });
});
