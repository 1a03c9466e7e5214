// Escalation buttons against the real rig: the crisis counsellor is conferenced in with the agent
// staying on; the billing specialist gets a blind transfer; the team lead receives a notice (SIP
// MESSAGE) with no patient data each time. An escalation nobody takes (it rings out, or the target
// declines) brings the agent back to the caller, off hold, and never reports the target as there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { EscalationService } from '../../../electron/main/services/escalation';
import { PhoneService } from '../../../electron/main/services/phone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { EscalationConfig, EscalationNotice, EscalationProgress } from '../../../shared/escalation/targets';
import { Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { answerFrom, callState, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let events: DomainEventBus;
let agent: PhoneService;
const agentCalls: { id: string; state: string; conferenceWith: unknown[]; answeredAt: string | null }[] = [];
let caller: TestPhone;
let counsellor: TestPhone;
let lead: TestPhone;
let escalations: EscalationService;
const notices: EscalationNotice[] = [];
const progress: EscalationProgress[] = [];
const TARGETS: EscalationConfig['targets'] = [
  { id: 'supervisor', kind: 'warm', target: 'bob' },
  { id: 'nurseTriage', kind: 'warm', target: 'carol' },
  { id: 'crisisCounsellor', kind: 'conference', target: 'carol' },
  { id: 'billingSpecialist', kind: 'blind', target: 'carol' },
  { id: 'privacyOfficer', kind: 'warm', target: 'bob' },
];

beforeAll(async () => {
  kam = await Kamailio.create();
  events = new DomainEventBus();
  events.on('call.changed', (c) => agentCalls.push(c));
  agent = new PhoneService(events, new AgentStatusService(events), () => new NodeRtpSessionDescriptionHandler());
  await agent.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
  [caller, counsellor, lead] = [makePhone(kam, 'dave'), makePhone(kam, 'carol'), makePhone(kam, 'bob')];
  for (const p of [caller, counsellor, lead]) await p.phone.start();
  for (const p of [caller, counsellor, lead]) await registered(p);
  await waitFor(() => agent.status().registration === 'registered', 'agent registered');
  lead.phone.on('message', (_from, body) => notices.push(JSON.parse(body) as EscalationNotice));
  // Targets ring for 3 s here (a site sets ringSeconds in its targets file; 30 s by default).
  escalations = new EscalationService(
    agent,
    { targets: TARGETS, ringSeconds: 3 },
    () => 'workstation-user/test',
    (body) => agent.notify('bob', body),
    (l) => agent.onConferenceFailed(l),
  );
  escalations.onProgress((p) => progress.push(p));
}, 60_000);

afterAll(async () => {
  await ifSetUp(agent, (a) => a.stop());
  for (const p of [caller, counsellor, lead]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

const stagesOf = (callId: string) => progress.filter((p) => p.callId === callId).map((p) => p.stage);
const lastState = (t: TestPhone, id: string) => [...t.calls].reverse().find((c) => c.id === id)?.state;

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
    expect(stagesOf(callId)).toEqual(['calling', 'conferenced']);
    await agent.hangup(result.targetCallId!);
    // The counsellor's leg ended: the caller's call is no longer shown as a conference.
    await waitFor(() => agent.get(callId)?.conferenceWith.length === 0, 'the conference undone with its leg');
    await agent.hangup(callId);
  });

  it('nobody answers: the target stops ringing, the caller is off hold, and the agent is never told the supervisor is coming', async () => {
    const callId = await callerReachesAgent();
    const since = lead.calls.length;
    const result = await escalations.escalate(callId, 'supervisor', 'callerRequest');
    expect(result).toMatchObject({ kind: 'warm', stage: 'calling' });
    await waitFor(() => lead.calls.slice(since).some((c) => c.state === 'ringing'), 'the supervisor rung');
    await waitFor(() => stagesOf(callId).includes('unanswered'), 'the escalation given up after the ring time', 10_000);
    expect(stagesOf(callId)).toEqual(['calling', 'unanswered']);
    expect(agent.get(callId)).toMatchObject({ state: 'active' }); // back with the caller, not left on hold
    expect(agent.get(result.targetCallId!)).toBeNull(); // the supervisor's phone stopped ringing
    await waitFor(() => lead.calls.slice(since).every((c) => lastState(lead, c.id) === 'ended'), "the ring at the supervisor's phone stopped");
    // The lead is told twice: the escalation, then that it did not happen.
    await waitFor(() => notices.some((n) => n.callId === callId && n.outcome === 'unanswered'), 'the outcome at the lead');
    expect(notices.filter((n) => n.callId === callId).map((n) => n.outcome ?? 'raised')).toEqual(['raised', 'unanswered']);
    await agent.hangup(callId);
  });

  it('the target declines: back with the caller at once, reported as not answered', async () => {
    const callId = await callerReachesAgent();
    const since = counsellor.calls.length;
    const result = await escalations.escalate(callId, 'nurseTriage', 'clinicalQuestion');
    await waitFor(() => counsellor.calls.slice(since).some((c) => c.state === 'ringing'), 'the nurse rung');
    await counsellor.phone.reject(counsellor.calls.slice(since).find((c) => c.state === 'ringing')!.id);
    await waitFor(() => stagesOf(callId).includes('unanswered'), 'the escalation given up');
    expect(stagesOf(callId)).toEqual(['calling', 'unanswered']);
    await waitFor(() => agent.get(callId)?.state === 'active', 'the caller off hold');
    expect(agent.get(result.targetCallId!)).toBeNull();
    await agent.hangup(callId);
  });

  it('a warm target who answers: only then is the agent told the colleague is there', async () => {
    const callId = await callerReachesAgent();
    const since = counsellor.calls.length;
    const result = await escalations.escalate(callId, 'nurseTriage', 'clinicalQuestion');
    expect(stagesOf(callId)).toEqual(['calling']);
    await answerFrom(counsellor, 'alice', since);
    await waitFor(() => stagesOf(callId).includes('connected'), 'the nurse on the line');
    expect(stagesOf(callId)).toEqual(['calling', 'connected']);
    expect(agent.get(callId)).toMatchObject({ state: 'held' }); // the agent talks to the nurse first
    await agent.hangup(result.targetCallId!);
    await agent.hangup(callId);
  });

  it("the conference's audio fails in the agent's page: rolled back, the counsellor's leg dropped, the caller back with the agent", async () => {
    const callId = await callerReachesAgent();
    const since = counsellor.calls.length;
    const failures: unknown[] = [];
    const off = events.on('call.mediaFailed', (payload) => failures.push(payload));
    const result = await escalations.escalate(callId, 'crisisCounsellor', 'distress');
    const atCounsellor = await answerFrom(counsellor, 'alice', since);
    await waitFor(() => stagesOf(callId).includes('conferenced'), 'the three joined');
    // What main does when the page reports (media.failed) that a leg of the mix failed.
    await agent.conferenceMediaFailed(result.targetCallId!);
    await waitFor(() => stagesOf(callId).includes('mediaFailed'), 'the escalation fell back');
    expect(stagesOf(callId)).toEqual(['calling', 'conferenced', 'mediaFailed']);
    expect(failures).toEqual([{ callId: result.targetCallId, during: 'conference' }]);
    await waitFor(() => notices.some((n) => n.callId === callId && n.outcome === 'mediaFailed'), 'the outcome at the lead');
    await waitFor(() => lastState(counsellor, atCounsellor.id) === 'ended', "the counsellor's leg dropped");
    expect(agent.get(callId)).toMatchObject({ state: 'active', conferenceWith: [] });
    off();
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
