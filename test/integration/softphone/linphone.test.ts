// Interop with an independent SIP client beside the baresip tests: Debian's linphonec (liblinphone with
// its default settings, GRUU on) registered to the rig's Kamailio, driven through its command interface.
// Calls in and out with caller ID and audio both ways, hold/resume, hang-up from Carefront, blind
// transfer and DTMF. linphone's Contact is its GRUU: every in-dialog request to it must be routed by
// the SIP server through the location table (they timed out with 408 before the rig did).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kamailio, Linphone, waitFor } from '../../rig/rig';
import { answerFrom, callState, lastCall, makePhone, registered, rtpFlows, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let bob: Linphone;
let alice: TestPhone;
let carol: TestPhone;

beforeAll(async () => {
  kam = await Kamailio.create();
  bob = await Linphone.create(kam, 'bob');
  alice = makePhone(kam, 'alice');
  carol = makePhone(kam, 'carol');
  for (const p of [alice, carol]) await p.phone.start();
  for (const p of [alice, carol]) await registered(p);
}, 60_000);

afterAll(async () => {
  for (const p of [alice, carol]) await ifSetUp(p, (r) => r.phone.stop().catch(() => undefined));
  await ifSetUp(bob, (b) => b.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

/** Bytes linphone has recorded of what it heard so far. */
const heardBytes = () => (fs.existsSync(bob.recording) ? fs.statSync(bob.recording).size : 0);

/** Alice calls bob; linphone answers by itself; both ends connected. */
async function aliceCallsBob(): Promise<{ id: string; mark: number }> {
  const mark = bob.log.length;
  const call = await alice.phone.dial('bob');
  await callState(alice, call.id, 'active', 15_000);
  await bob.expect(/Call \d+ with "alice" <sip:alice@127\.0\.0\.1> connected/, 10_000, mark);
  return { id: call.id, mark };
}

async function hangUp(id: string): Promise<void> {
  const mark = bob.log.length;
  await alice.phone.hangup(id);
  await callState(alice, id, 'ended');
  await bob.expect(/Call \d+ with "alice" <sip:alice@127\.0\.0\.1> ended/, 10_000, mark);
}

describe('linphone (liblinphone defaults, GRUU on) through Kamailio', () => {
  it('registers', () => {
    expect(bob.log).toMatch(/registered, identity=sip:bob@127\.0\.0\.1/);
  });

  it('calls in: rings with caller ID, is answered, audio flows both ways, linphone hangs up', async () => {
    const since = alice.calls.length;
    const mark = bob.log.length;
    bob.send('call sip:alice@127.0.0.1');
    const call = await answerFrom(alice, 'bob', since);
    expect(call.remote.user).toBe('bob');
    await bob.expect(/Call \d+ with <?sip:alice@127\.0\.0\.1>? connected|Call \d+ with .*alice.* connected/, 10_000, mark);
    const heard = heardBytes();
    const flow = await rtpFlows(alice.media.get(call.id)!, 25);
    expect(flow.received).toBeGreaterThanOrEqual(25);
    await waitFor(() => heardBytes() > heard + 1600, 'linphone recording what it hears', 10_000);
    bob.send('terminate');
    await callState(alice, call.id, 'ended');
    expect(lastCall(alice, (c) => c.id === call.id)?.endReason).toBe('hung up by the other party');
  });

  it("calls out: linphone sees Carefront's caller ID and answers; audio flows; Carefront hangs up", async () => {
    const { id, mark } = await aliceCallsBob();
    expect(bob.log.slice(mark)).toMatch(/Receiving new incoming call from "alice" <sip:alice@127\.0\.0\.1>/);
    const flow = await rtpFlows(alice.media.get(id)!, 25);
    expect(flow.received).toBeGreaterThanOrEqual(25);
    await hangUp(id);
  });

  it("holds and resumes (re-INVITEs to linphone's GRUU), audio back after resume", async () => {
    const { id } = await aliceCallsBob();
    let mark = bob.log.length;
    await alice.phone.hold(id, true);
    expect(alice.phone.get(id)?.state).toBe('held');
    await bob.expect(/Call \d+ has been paused by/, 10_000, mark);
    mark = bob.log.length;
    await alice.phone.hold(id, false);
    expect(alice.phone.get(id)?.state).toBe('active');
    // linphonec reports the resumed call as its media set up again.
    await bob.expect(/Media streams established with "alice" <sip:alice@127\.0\.0\.1> for call \d+/, 10_000, mark);
    await rtpFlows(alice.media.get(id)!, 20);
    await hangUp(id);
  });

  it('sends DTMF "1234*#" that linphone receives as exactly those six digits', async () => {
    const { id, mark } = await aliceCallsBob();
    await rtpFlows(alice.media.get(id)!, 5);
    const via = await alice.phone.dtmf(id, '1234*#');
    // linphone counts every copy of an RFC 4733 end packet from Chromium (test/e2e/linphone.spec.ts): it gets SIP INFO.
    expect(via).toBe('info');
    await bob.expect(/Receiving tone #/, 10_000, mark);
    await new Promise((r) => setTimeout(r, 500));
    const digits = [...bob.log.slice(mark).matchAll(/Receiving tone (.) from/g)].map((m) => m[1]).join('');
    expect(digits, `sent by ${via}`).toBe('1234*#');
    await hangUp(id);
  });

  it('blind transfer: linphone follows the REFER to the colleague; the agent is off the call', async () => {
    const { id } = await aliceCallsBob();
    const carolSince = carol.calls.length;
    await alice.phone.blindTransfer(id, 'carol');
    await callState(alice, id, 'ended');
    expect(lastCall(alice, (c) => c.id === id)?.endReason).toBe('transferred');
    const atCarol = await answerFrom(carol, 'bob', carolSince);
    const flow = await rtpFlows(carol.media.get(atCarol.id)!, 10);
    expect(flow.received).toBeGreaterThanOrEqual(10);
    await carol.phone.hangup(atCarol.id);
    await callState(carol, atCarol.id, 'ended');
  });
});
