// The softphone against a real Kamailio and a real baresip phone on loopback: registration with
// digest auth, calls both ways with RTP flowing, hold/resume, DTMF, hostile caller names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baresip, Kamailio, waitFor } from '../../rig/rig';
import { callState, lastCall, makePhone, registered, rtpFlows, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let bob: Baresip;
let alice: TestPhone;

beforeAll(async () => {
  kam = await Kamailio.create();
  bob = await Baresip.create(kam, 'bob');
  alice = makePhone(kam, 'alice');
  await alice.phone.start();
  await registered(alice);
}, 60_000);

afterAll(async () => {
  await ifSetUp(alice, (a) => a.phone.stop().catch(() => undefined));
  await ifSetUp(bob, (b) => b.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

describe('registration', () => {
  it('registers with digest auth and reports it', () => {
    expect(alice.phone.status()).toEqual({ registration: 'registered', reason: null });
    expect(alice.statuses.map((s) => s.registration)).toContain('registering');
  });

  it('reports a wrong password as exactly that, without looping', async () => {
    const mallory = makePhone(kam, 'carol', 'not-the-password');
    await mallory.phone.start();
    await waitFor(() => mallory.phone.status().registration === 'failed', 'failure');
    expect(mallory.phone.status()).toEqual({ registration: 'failed', reason: 'wrongPassword' });
    const count = mallory.statuses.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(mallory.statuses.length).toBe(count); // no retry loop
    await mallory.phone.stop();
  });
});

describe('calls with baresip', () => {
  it('places an outbound call that baresip answers, with RTP flowing both ways, then hangs up', async () => {
    const call = await alice.phone.dial('bob');
    await callState(alice, call.id, 'active');
    const flow = await rtpFlows(alice.media.get(call.id)!);
    expect(flow.received).toBeGreaterThanOrEqual(25);
    expect(flow.sent).toBeGreaterThanOrEqual(25);
    await alice.phone.hangup(call.id);
    await callState(alice, call.id, 'ended');
    expect(lastCall(alice, (c) => c.id === call.id)?.endReason).toBe('hung up by agent');
  });

  it('receives an inbound call: ringing with caller ID, answered, audio flows, the caller hangs up', async () => {
    const before = alice.calls.length;
    await bob.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
    await waitFor(() => alice.calls.slice(before).some((c) => c.direction === 'inbound' && c.state === 'ringing'), 'ringing').catch((e: unknown) => {
      console.log(kam.log.slice(-3000), bob.log.slice(-3000));
      throw e;
    });
    const ringing = alice.calls.slice(before).find((c) => c.state === 'ringing')!;
    expect(ringing.remote.user).toBe('bob');
    await alice.phone.answer(ringing.id);
    await callState(alice, ringing.id, 'active');
    const flow = await rtpFlows(alice.media.get(ringing.id)!);
    expect(flow.received).toBeGreaterThanOrEqual(25);
    await bob.command('hangup');
    await callState(alice, ringing.id, 'ended');
    expect(lastCall(alice, (c) => c.id === ringing.id)?.endReason).toBe('hung up by the other party');
  });

  it('holds and resumes: the SDP direction changes and audio stops and restarts', async () => {
    const call = await alice.phone.dial('bob');
    await callState(alice, call.id, 'active');
    const sdh = alice.media.get(call.id)!;
    await rtpFlows(sdh, 10);
    await alice.phone.hold(call.id, true);
    expect(alice.phone.get(call.id)?.state).toBe('held');
    expect(sdh.stats.direction).toBe('sendonly');
    expect(sdh.stats.remote?.direction).toMatch(/recvonly|inactive/);
    await alice.phone.hold(call.id, false);
    expect(alice.phone.get(call.id)?.state).toBe('active');
    expect(sdh.stats.direction).toBe('sendrecv');
    await rtpFlows(sdh, 10);
    await alice.phone.hangup(call.id);
    await callState(alice, call.id, 'ended');
  });

  it('mutes and unmutes: the other side stops and resumes receiving audio', async () => {
    const call = await alice.phone.dial('bob');
    await callState(alice, call.id, 'active');
    const sdh = alice.media.get(call.id)!;
    await rtpFlows(sdh, 10);
    alice.phone.mute(call.id, true);
    expect(alice.phone.get(call.id)?.muted).toBe(true);
    const sentAtMute = sdh.stats.sent;
    await new Promise((r) => setTimeout(r, 300));
    expect(sdh.stats.sent).toBe(sentAtMute);
    alice.phone.mute(call.id, false);
    await rtpFlows(sdh, 10);
    await alice.phone.hangup(call.id);
    await callState(alice, call.id, 'ended');
  });

  it('refuses to dial nonsense and keeps the phone usable', async () => {
    await expect(alice.phone.dial('call me maybe')).rejects.toMatchObject({ code: 'phoneInvalidNumber' });
    await expect(alice.phone.hangup('no-such-call')).rejects.toMatchObject({ code: 'notFound' });
    expect(alice.phone.status().registration).toBe('registered');
  });
});

describe('DTMF and hostile caller IDs between two softphones', () => {
  let dave: TestPhone;
  beforeAll(async () => {
    dave = makePhone(kam, 'dave', undefined, 'Dr. \u202Eevil\u200B <script>alert(1)</script>' + 'x'.repeat(300));
    await dave.phone.start();
    await registered(dave);
  });
  afterAll(async () => ifSetUp(dave, (d) => d.phone.stop()));

  it('sends DTMF as RFC 4733 events that the other side decodes', async () => {
    const out = await dave.phone.dial('alice');
    await waitFor(() => alice.calls.some((c) => c.state === 'ringing' && c.remote.user === 'dave'), 'ringing at alice');
    const inbound = [...alice.calls].reverse().find((c) => c.remote.user === 'dave')!;
    // The hostile display name arrives cleaned: no control or bidi characters, length-limited, as plain text.
    // eslint-disable-next-line no-control-regex -- the assertion is that no control character arrives
    expect(inbound.remote.displayName).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(inbound.remote.displayName!.length).toBeLessThanOrEqual(80);
    expect(inbound.remote.displayName).toContain('<script>'); // kept as text, never interpreted
    await alice.phone.answer(inbound.id);
    await callState(dave, out.id, 'active');
    await rtpFlows(dave.media.get(out.id)!, 5);
    expect(await dave.phone.dtmf(out.id, '12#')).toBe('rtp');
    await waitFor(() => alice.media.get(inbound.id)!.stats.dtmfReceived.join('') === '12#', 'digits at alice');
    await dave.phone.hangup(out.id);
    await callState(alice, inbound.id, 'ended');
  });

  it('falls back to SIP INFO when the other side offers no telephone-event', async () => {
    const erin = makePhone(kam, 'carol', undefined, 'carol', kam.wsUrl, false);
    await erin.phone.start();
    await registered(erin);
    const since = alice.calls.length;
    const out = await erin.phone.dial('alice');
    await waitFor(() => alice.calls.slice(since).some((c) => c.state === 'ringing'), 'ringing at alice');
    const inbound = alice.calls.slice(since).find((c) => c.state === 'ringing')!;
    await alice.phone.answer(inbound.id);
    await callState(erin, out.id, 'active');
    expect(await alice.phone.dtmf(inbound.id, '7*')).toBe('info');
    await waitFor(() => erin.dtmf.join(',') === 'info:7,info:*', 'digits by INFO at the other side');
    await erin.phone.hangup(out.id);
    await erin.phone.stop();
  });
});
