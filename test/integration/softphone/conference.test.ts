// Three-way conference through the agent's desktop: dave (caller) talks to alice (agent), alice calls
// carol (counsellor) and joins the calls; dave now hears carol's audio and carol hears dave's, relayed
// by alice's media, while alice stays on both legs.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../rig/rig';
import { answerFrom, callState, rtpFlows, useThreePhones, type TestPhone } from './helpers';

let alice: TestPhone;
let carol: TestPhone;
let dave: TestPhone;

useThreePhones((rig) => ({ alice, carol, dave } = rig));

describe('conference', () => {
  it('joins caller and counsellor with the agent still on the line, audio relayed both ways', async () => {
    const daveOut = await dave.phone.dial('alice');
    const callerLeg = await answerFrom(alice, 'dave', 0);
    await callState(dave, daveOut.id, 'active');
    await alice.phone.hold(callerLeg.id, true);
    const counsellorLeg = await alice.phone.dial('carol');
    const atCarol = await answerFrom(carol, 'alice', 0);
    await callState(alice, counsellorLeg.id, 'active');

    await alice.phone.conference(callerLeg.id, counsellorLeg.id);
    expect(alice.phone.get(callerLeg.id)).toMatchObject({ state: 'active', conferenceWith: [{ user: 'carol' }] });
    expect(alice.phone.get(counsellorLeg.id)).toMatchObject({ state: 'active', conferenceWith: [{ user: 'dave' }] });

    const daveMedia = dave.media.get(daveOut.id)!;
    const carolMedia = carol.media.get(atCarol.id)!;
    // Each hears the other's own stream (their SSRC), relayed through the agent, and the agent's.
    await waitFor(() => daveMedia.ssrcsReceived.has(carolMedia.ssrc), "carol's audio at dave");
    await waitFor(() => carolMedia.ssrcsReceived.has(daveMedia.ssrc), "dave's audio at carol");
    await rtpFlows(alice.media.get(callerLeg.id)!, 10);
    await rtpFlows(alice.media.get(counsellorLeg.id)!, 10);

    // Hanging up the counsellor's leg ends the bridge; the caller is still with the agent until they hang up.
    await alice.phone.hangup(counsellorLeg.id);
    await callState(carol, atCarol.id, 'ended');
    await alice.phone.hangup(callerLeg.id);
    await callState(dave, daveOut.id, 'ended');
  });
});
