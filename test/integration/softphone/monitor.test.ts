// Listen / whisper / barge with real legs on the rig: dave (caller) talks to alice (agent); bob, the
// team lead, calls alice's desktop with the mode in a header; alice's desktop accepts it because bob
// is a lead in the team file and routes the audio itself. Each party sends its own RTP stream (its
// SSRC), so the test can tell whose audio reached whom. carol, who is not a lead, is refused (403).
// Every session is audited on both desktops.
import { rawSipSocket } from '../../rig/raw-sip-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { PhoneService } from '../../../electron/main/services/phone';
import { MonitorService, type MonitorAudit } from '../../../electron/main/services/monitor';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { CallView } from '../../../shared/domain/call';
import type { AppRole } from '../../../shared/ipc/contract';
import { Kamailio, RIG_USERS, waitFor, type RigUser } from '../../rig/rig';
import { callState, makePhone, registered, rtpFlows, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

interface Desk {
  phone: PhoneService;
  monitor: MonitorService;
  media: Map<string, NodeRtpSessionDescriptionHandler>;
  calls: CallView[];
  audit: MonitorAudit[];
}

const team = { name: 'Rig team', leads: ['bob'], members: [{ agent: 'alice', name: 'Alice Agent' }] };
let kam: Kamailio;
let alice: Desk;
let bob: Desk;
let carol: Desk;
let dave: TestPhone;

const deskEvents: Partial<Record<RigUser, DomainEventBus>> = {};

async function desk(user: RigUser, role: AppRole): Promise<Desk> {
  const events = new DomainEventBus();
  deskEvents[user] = events;
  const media = new Map<string, NodeRtpSessionDescriptionHandler>();
  const calls: CallView[] = [];
  const audit: MonitorAudit[] = [];
  events.on('call.changed', (c) => calls.push(c));
  const phone = new PhoneService(events, new AgentStatusService(events), (id) => {
    const sdh = new NodeRtpSessionDescriptionHandler();
    media.set(id, sdh);
    return sdh;
  });
  // carol's desktop believes she may monitor; alice's desktop decides (its team file names only bob).
  const monitor = new MonitorService(
    phone,
    events,
    user === 'carol' ? { ...team, leads: ['carol'] } : team,
    () => role,
    () => user,
    (a) => audit.push(a),
  );
  await phone.configure(SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password: RIG_USERS[user], server: kam.wsUrl }));
  await waitFor(() => phone.status().registration === 'registered', `${user} registered`);
  return { phone, monitor, media, calls, audit };
}

const last = (d: Desk, pred: (c: CallView) => boolean) => [...d.calls].reverse().find(pred);

/** Waits until `leg` has received `n` more packets: long enough to say what did NOT arrive meanwhile. */
async function flows(leg: NodeRtpSessionDescriptionHandler, n = 25): Promise<void> {
  const start = leg.stats.received;
  await waitFor(() => leg.stats.received - start >= n, `${n} more RTP packets received`);
}

beforeAll(async () => {
  kam = await Kamailio.create();
  alice = await desk('alice', 'agent');
  bob = await desk('bob', 'teamLead');
  carol = await desk('carol', 'teamLead');
  dave = makePhone(kam, 'dave');
  await dave.phone.start();
  await registered(dave);
}, 60_000);

afterAll(async () => {
  for (const d of [alice, bob, carol]) await ifSetUp(d, (r) => r.phone.stop());
  await ifSetUp(dave, (d) => d.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

describe('monitor / whisper / barge on the rig', () => {
  it('routes audio to the right parties in each mode, never tells the caller, audits both ends', async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.calls.some((c) => c.state === 'ringing' && !c.monitor), 'ringing at alice');
    const callerCall = alice.calls.find((c) => c.state === 'ringing')!;
    await alice.phone.answer(callerCall.id);
    await callState(dave, out.id, 'active');
    const daveLeg = dave.media.get(out.id)!;
    const aliceCallerLeg = alice.media.get(callerCall.id)!;
    const reinvitesBefore = daveLeg.stats.direction;

    // LISTEN: bob hears dave and alice; nobody hears bob.
    const session = await bob.monitor.start('alice', 'listen');
    await waitFor(() => last(bob, (c) => c.id === session.callId)?.state === 'active', "bob's monitoring call connected");
    const monitorAtAlice = last(alice, (c) => c.monitor !== null)!;
    expect(monitorAtAlice).toMatchObject({ monitor: 'listen', remote: { user: 'bob' } });
    // Never rung or popped at the agent: no ringing state reached the agent's call list as a normal call.
    expect(alice.phone.state().calls.filter((c) => !c.monitor)).toHaveLength(1);
    const bobLeg = bob.media.get(session.callId)!;
    const aliceLeadLeg = alice.media.get(monitorAtAlice.id)!;
    await waitFor(() => bobLeg.ssrcsReceived.has(daveLeg.ssrc), "the caller's audio at the lead");
    await waitFor(() => bobLeg.ssrcsReceived.has(aliceLeadLeg.ssrc), "the agent's audio at the lead");
    await flows(daveLeg);
    await flows(bobLeg);
    expect(daveLeg.ssrcsReceived.has(bobLeg.ssrc)).toBe(false);
    expect(aliceLeadLeg.ssrcsHeard.has(bobLeg.ssrc)).toBe(false);
    expect(last(bob, (c) => c.id === session.callId)!.muted).toBe(true); // the lead's own desktop mutes in listen mode

    // WHISPER: alice now hears bob; dave still does not.
    expect(await bob.monitor.setMode(session.callId, 'whisper')).toMatchObject({ mode: 'whisper' });
    await waitFor(() => aliceLeadLeg.ssrcsHeard.has(bobLeg.ssrc), 'the lead heard by the agent');
    await flows(daveLeg);
    expect(daveLeg.ssrcsReceived.has(bobLeg.ssrc)).toBe(false);

    // BARGE: all three talk.
    await bob.monitor.setMode(session.callId, 'barge');
    await waitFor(() => daveLeg.ssrcsReceived.has(bobLeg.ssrc), 'the lead heard by the caller');
    await flows(bobLeg);
    expect(bobLeg.ssrcsReceived.has(daveLeg.ssrc)).toBe(true);

    // Nothing was ever said to the caller in-band: their leg was never renegotiated.
    expect(daveLeg.stats.direction).toBe(reinvitesBefore);
    expect(dave.calls.filter((c) => c.id === out.id).every((c) => c.state !== 'held')).toBe(true);
    expect(aliceCallerLeg.stats.remote?.port).toBe(daveLeg.stats.localPort);

    await bob.monitor.stop(session.callId);
    await waitFor(() => alice.audit.some((a) => a.event === 'ended') && bob.audit.some((a) => a.event === 'ended'), 'ended audited on both ends');
    expect(bob.audit.map((a) => `${a.event}:${a.mode}:${a.peer}`)).toEqual([
      'started:listen:alice',
      'mode:whisper:alice',
      'mode:barge:alice',
      'ended:barge:alice',
    ]);
    expect(alice.audit.map((a) => `${a.event}:${a.mode}:${a.peer}`)).toEqual(['started:listen:bob', 'mode:whisper:bob', 'mode:barge:bob', 'ended:barge:bob']);
    // The caller is still with the agent.
    await rtpFlows(aliceCallerLeg, 10);
    await dave.phone.hangup(out.id);
  });

  it("listen mode is enforced by the agent's desktop even if the lead's side sends audio", async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.phone.state().calls.some((c) => c.state === 'ringing' && !c.monitor), 'ringing at alice');
    const callerCall = alice.phone.state().calls.find((c) => c.state === 'ringing' && !c.monitor)!;
    await alice.phone.answer(callerCall.id);
    await callState(dave, out.id, 'active');
    // Not through the monitor service (which would mute): a lead's phone that keeps talking.
    const leg = await bob.phone.monitor('alice', 'listen');
    await waitFor(() => last(bob, (c) => c.id === leg.id)?.state === 'active', 'monitoring call connected');
    const bobLeg = bob.media.get(leg.id)!;
    const aliceLeadLeg = alice.media.get(last(alice, (c) => c.monitor !== null && c.state === 'active')!.id)!;
    const daveLeg = dave.media.get(out.id)!;
    await waitFor(() => aliceLeadLeg.ssrcsReceived.has(bobLeg.ssrc), "the lead's audio arriving at the agent's desktop");
    await flows(daveLeg);
    await flows(aliceLeadLeg);
    expect(aliceLeadLeg.ssrcsHeard.has(bobLeg.ssrc)).toBe(false); // dropped: the agent does not hear it
    expect(daveLeg.ssrcsReceived.has(bobLeg.ssrc)).toBe(false); // nor does the caller
    expect(bobLeg.ssrcsReceived.has(daveLeg.ssrc)).toBe(true);
    await bob.phone.hangup(leg.id);
    await dave.phone.hangup(out.id);
    await callState(dave, out.id, 'ended');
  });

  it("a session whose audio fails in the agent's page is ended with the reason: the lead is told and both ends audit it", async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.phone.state().calls.some((c) => c.state === 'ringing' && !c.monitor), 'ringing at alice');
    const callerCall = alice.phone.state().calls.find((c) => c.state === 'ringing' && !c.monitor)!;
    await alice.phone.answer(callerCall.id);
    await callState(dave, out.id, 'active');
    const told: { desk: string; payload: unknown }[] = [];
    const offs = (['alice', 'bob'] as const).map((name) => deskEvents[name]!.on('call.mediaFailed', (payload) => told.push({ desk: name, payload })));
    const [aliceAudit, bobAudit] = [alice.audit.length, bob.audit.length];
    const session = await bob.monitor.start('alice', 'listen');
    await waitFor(() => last(bob, (c) => c.id === session.callId)?.state === 'active', "bob's monitoring call connected");
    const leadLeg = last(alice, (c) => c.monitor !== null && c.state === 'active')!;
    // What alice's desktop does when her page reports (media.failed) that the mix lost a leg.
    alice.monitor.mediaFailed(callerCall.id);
    await waitFor(() => last(bob, (c) => c.id === session.callId)?.state === 'ended', "bob's leg ended");
    expect(last(bob, (c) => c.id === session.callId)!.endReason).toBe('hung up by the other party: monitoring audio failed');
    await waitFor(() => told.length === 2, 'both desks told');
    expect(told).toEqual(
      expect.arrayContaining([
        { desk: 'alice', payload: { callId: leadLeg.id, during: 'monitor' } },
        { desk: 'bob', payload: { callId: session.callId, during: 'monitor' } },
      ]),
    );
    expect(bob.monitor.list()).toEqual([]);
    expect(alice.audit.slice(aliceAudit).map((a) => `${a.event}:${a.detail ?? ''}`)).toEqual(['started:', 'ended:monitoring audio failed']);
    expect(bob.audit.slice(bobAudit).map((a) => `${a.event}:${a.detail ?? ''}`)).toEqual(['started:', 'ended:monitoring audio failed']);
    // The caller's call goes on.
    await rtpFlows(alice.media.get(callerCall.id)!, 10);
    for (const off of offs) off();
    await dave.phone.hangup(out.id);
    await callState(dave, out.id, 'ended');
  });

  it('refuses (403) a monitoring call from someone who is not a team lead, and audits it', async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.phone.state().calls.some((c) => c.state === 'ringing' && !c.monitor), 'ringing at alice');
    const callerCall = alice.phone.state().calls.find((c) => c.state === 'ringing' && !c.monitor)!;
    await alice.phone.answer(callerCall.id);
    await callState(dave, out.id, 'active');
    const before = alice.audit.length;
    const attempt = await carol.monitor.start('alice', 'listen');
    await waitFor(() => last(carol, (c) => c.id === attempt.callId)?.state === 'ended', "carol's attempt ended");
    expect(last(carol, (c) => c.id === attempt.callId)!.endReason).toBe('rejected 403');
    expect(alice.audit.slice(before)).toEqual([
      { peer: 'carol', mode: 'listen', callId: expect.any(String) as string, event: 'refused', detail: 'not a team lead' },
    ]);
    // And an agent's desktop cannot start monitoring at all.
    await expect(alice.monitor.start('alice', 'listen')).rejects.toMatchObject({ code: 'forbidden' });
    await dave.phone.hangup(out.id);
  });

  it("a request claiming to be the lead (From and a forged P-Asserted-Identity) without the lead's credentials is stopped by the server", async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.phone.state().calls.some((c) => c.state === 'ringing' && !c.monitor), 'ringing at alice');
    await alice.phone.answer(alice.phone.state().calls.find((c) => c.state === 'ringing' && !c.monitor)!.id);
    await callState(dave, out.id, 'active');
    const auditBefore = alice.audit.length;
    const callsBefore = alice.calls.length;
    // Raw SIP over UDP, as any client on the network could send it.
    const { socket, port, replies } = await rawSipSocket();
    const forged = (method: 'INVITE' | 'MESSAGE', extra: string[], body: string, type: string) =>
      [
        `${method} sip:alice@127.0.0.1:${kam.sipPort} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-forged-${method}-${Date.now()};rport`,
        'Max-Forwards: 70',
        `From: <sip:bob@127.0.0.1>;tag=forged${method}`,
        'To: <sip:alice@127.0.0.1>',
        `Call-ID: forged-${method}-${Date.now()}@127.0.0.1`,
        `CSeq: 1 ${method}`,
        `Contact: <sip:bob@127.0.0.1:${port}>`,
        'P-Asserted-Identity: <sip:bob@127.0.0.1>',
        ...extra,
        `Content-Type: ${type}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
      ].join('\r\n') + `\r\n\r\n${body}`;
    const sdp = `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port + 2} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n`;
    for (const msg of [
      forged('INVITE', ['X-Carefront-Monitor: listen'], sdp, 'application/sdp'),
      forged('MESSAGE', [], '{"type":"carefront.contact"}', 'application/json'),
    ]) {
      socket.send(msg, kam.sipPort, '127.0.0.1');
    }
    await waitFor(() => replies.filter((r) => / 407 /.test(r.split('\r\n')[0]!)).length >= 2, 'the server to challenge both forged requests');
    socket.close();
    // Challenged, not forwarded: the INVITE never reached alice's desktop (no monitoring leg, no audit row).
    await new Promise((r) => setTimeout(r, 300));
    expect(alice.calls.slice(callsBefore).filter((c) => c.monitor)).toEqual([]);
    expect(alice.audit.slice(auditBefore)).toEqual([]);
    await dave.phone.hangup(out.id);
  });
});
