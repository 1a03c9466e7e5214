// Transfers between real SIP user agents through Kamailio: the agent (alice) moves a caller (dave) to
// a colleague (carol) blind, or after talking to carol first (attended, REFER with Replaces).
import { describe, expect, it } from 'vitest';
import { Kamailio, waitFor } from '../../rig/rig';
import { answerFrom, callState, lastCall, rtpFlows, useThreePhones, type TestPhone } from './helpers';

let kam: Kamailio;
let alice: TestPhone;
let carol: TestPhone;
let dave: TestPhone;

useThreePhones((rig) => ({ kam, alice, carol, dave } = rig));

async function daveCallsAlice() {
  const since = alice.calls.length;
  const out = await dave.phone.dial('alice');
  const atAlice = await answerFrom(alice, 'dave', since);
  await callState(dave, out.id, 'active');
  return { out, atAlice };
}

describe('transfers', () => {
  it('blind: the caller is referred to the colleague, who answers; audio flows between them; the agent is off the call', async () => {
    const { out, atAlice } = await daveCallsAlice();
    const carolSince = carol.calls.length;
    const daveSince = dave.calls.length;
    await alice.phone.blindTransfer(atAlice.id, 'carol');
    await callState(alice, atAlice.id, 'ended');
    expect(lastCall(alice, (c) => c.id === atAlice.id)?.endReason).toBe('transferred');
    const atCarol = await answerFrom(carol, 'dave', carolSince);
    const newLeg = dave.calls.slice(daveSince).find((c) => c.id !== out.id)!;
    await callState(dave, newLeg.id, 'active');
    const flow = await rtpFlows(carol.media.get(atCarol.id)!, 10);
    expect(flow.received).toBeGreaterThanOrEqual(10);
    await carol.phone.hangup(atCarol.id);
    await callState(dave, newLeg.id, 'ended');
  });

  it('attended: the agent consults the colleague, then joins caller and colleague (Replaces)', async () => {
    const { atAlice } = await daveCallsAlice();
    await alice.phone.hold(atAlice.id, true);
    const carolSince = carol.calls.length;
    const consult = await alice.phone.dial('carol');
    const consultAtCarol = await answerFrom(carol, 'alice', carolSince);
    await callState(alice, consult.id, 'active');
    const daveSince = dave.calls.length;
    await alice.phone.attendedTransfer(atAlice.id, consult.id);
    // Carol's call with alice is replaced by a call with dave, answered automatically.
    await waitFor(() => carol.calls.slice(carolSince).some((c) => c.remote.user === 'dave' && c.state === 'active'), 'carol connected to dave').catch(
      (e: unknown) => {
        console.log(JSON.stringify({ carol: carol.calls.slice(carolSince), dave: dave.calls.slice(daveSince) }, null, 1).slice(0, 3000), kam.log.slice(-2500));
        throw e;
      },
    );
    await callState(carol, consultAtCarol.id, 'ended');
    expect(lastCall(carol, (c) => c.id === consultAtCarol.id)?.endReason).toBe('replaced by transfer');
    await callState(alice, atAlice.id, 'ended');
    await callState(alice, consult.id, 'ended');
    const daveLeg = dave.calls.slice(daveSince).find((c) => c.direction === 'outbound')!;
    await callState(dave, daveLeg.id, 'active');
    const flow = await rtpFlows(dave.media.get(daveLeg.id)!, 10);
    expect(flow.received).toBeGreaterThanOrEqual(10);
    await dave.phone.hangup(daveLeg.id);
  });
});
