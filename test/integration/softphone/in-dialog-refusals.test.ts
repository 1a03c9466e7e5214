// In-dialog requests the far end or the server refuses, and re-INVITEs that must wait for the
// caller's ACK: a SIPp caller scripted through the rig's Kamailio, the agent's softphone answering.
// A refused transfer, hold, resume or INFO leaves the call up, as it was, with the agent told; a
// re-INVITE before the ACK of our answer never goes out (sip.js would hang up with cause=488).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kamailio, Sipp, waitFor } from '../../rig/rig';
import { callState, lastCall, makePhone, registered, type TestPhone } from './helpers';
import type { CallView } from '../../../shared/domain/call';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let alice: TestPhone;

beforeAll(async () => {
  kam = await Kamailio.create();
  alice = makePhone(kam, 'alice');
  await alice.phone.start();
  await registered(alice);
}, 60_000);

afterAll(async () => {
  await ifSetUp(alice, (a) => a.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

async function sippCalls(scenario: string): Promise<{ sipp: Sipp; call: CallView }> {
  const since = alice.calls.length;
  const sipp = await Sipp.call(kam, scenario, 'alice');
  await waitFor(() => alice.calls.slice(since).some((c) => c.state === 'ringing' && c.remote.user === 'sipp'), 'the SIPp caller ringing', 15_000);
  const call = alice.calls.slice(since).find((c) => c.state === 'ringing')!;
  return { sipp, call };
}

async function finished(sipp: Sipp): Promise<void> {
  const result = await sipp.done;
  await sipp.dispose();
  expect(result.code, `SIPp: ${result.errors}\n${result.messages.slice(-6000)}`).toBe(0);
}

describe("re-INVITEs wait for the caller's ACK of our answer", () => {
  const cases: [string, (id: string) => Promise<unknown>][] = [
    ['a quick hold', (id) => alice.phone.hold(id, true)],
    ['a media reattach (renderer reloaded)', () => alice.phone.renegotiateAll()],
    ['an ICE restart', (id) => alice.phone.restartIce(id)],
  ];
  for (const [what, act] of cases) {
    it(`${what} right after answering keeps the call, and goes out only after the ACK`, async () => {
      const { sipp, call } = await sippCalls('caller-late-ack.xml');
      await alice.phone.answer(call.id);
      await callState(alice, call.id, 'active');
      await act(call.id);
      const now = alice.phone.get(call.id);
      expect(now?.state, `the call is up after ${what}`).toBe(what === 'a quick hold' ? 'held' : 'active');
      expect(now?.notice ?? null).toBeNull();
      await alice.phone.hangup(call.id);
      await callState(alice, call.id, 'ended');
      expect(lastCall(alice, (c) => c.id === call.id)?.endReason).toBe('hung up by agent');
      await finished(sipp);
    });
  }
});

describe('refused in-dialog requests put the call back and tell the agent', () => {
  it('REFER 403 and 408, hold 488, INFO 403, an unusable answer to a reattach: still connected each time', async () => {
    const { sipp, call } = await sippCalls('caller-refuses.xml');
    await alice.phone.answer(call.id);
    await callState(alice, call.id, 'active');

    await expect(alice.phone.blindTransfer(call.id, 'carol')).rejects.toMatchObject({ code: 'phoneRefused', status: 403 });
    expect(alice.phone.get(call.id)).toMatchObject({ state: 'active', notice: { kind: 'transferRefused', status: 403 } });
    // The page saw 'transferring' and then the call back, not stuck.
    const states = alice.calls.filter((c) => c.id === call.id).map((c) => c.state);
    expect(states.slice(-2)).toEqual(['transferring', 'active']);

    await expect(alice.phone.blindTransfer(call.id, 'carol')).rejects.toMatchObject({ code: 'phoneRefused', status: 408 });
    expect(alice.phone.get(call.id)).toMatchObject({ state: 'active', notice: { kind: 'transferRefused', status: 408 } });

    await expect(alice.phone.hold(call.id, true)).rejects.toMatchObject({ code: 'phoneRefused', status: 488 });
    expect(alice.phone.get(call.id)).toMatchObject({ state: 'active', notice: { kind: 'holdRefused', status: 488 } });

    await expect(alice.phone.dtmf(call.id, '1')).rejects.toMatchObject({ code: 'phoneRefused', status: 403 });
    expect(alice.phone.get(call.id)).toMatchObject({ state: 'active', notice: { kind: 'infoRefused', status: 403 } });

    // Our own renegotiation answered with SDP we cannot use: the call is kept, not hung up.
    await alice.phone.renegotiateAll();
    expect(alice.phone.get(call.id)).toMatchObject({ state: 'active', notice: { kind: 'renegotiationFailed', status: null } });

    await alice.phone.hangup(call.id);
    await callState(alice, call.id, 'ended');
    expect(lastCall(alice, (c) => c.id === call.id)?.endReason).toBe('hung up by agent');
    await finished(sipp);
  }, 60_000);
});
