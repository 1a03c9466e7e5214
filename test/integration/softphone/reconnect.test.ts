// Reconnection: the WebSocket to the SIP server drops (a cut TCP connection) or the server restarts
// (losing every registration); the softphone shows "reconnecting", comes back registered by itself,
// and calls reach it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Baresip, Kamailio, waitFor } from '../../rig/rig';
import { CuttableProxy } from './tcp-proxy';
import { callState, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let bob: Baresip;
let proxy: CuttableProxy;
let alice: TestPhone;

beforeAll(async () => {
  kam = await Kamailio.create();
  bob = await Baresip.create(kam, 'bob');
  proxy = await CuttableProxy.start(kam.wsPort);
  alice = makePhone(kam, 'alice', undefined, 'alice', `ws://127.0.0.1:${proxy.port}`);
  await alice.phone.start();
  await registered(alice);
}, 60_000);

afterAll(async () => {
  await ifSetUp(alice, (a) => a.phone.stop().catch(() => undefined));
  await ifSetUp(proxy, (p) => p.close());
  await ifSetUp(bob, (b) => b.dispose());
  await ifSetUp(kam, (k) => k.dispose());
});

async function bobCallsAlice(): Promise<void> {
  const before = alice.calls.length;
  await bob.command('dial', `sip:alice@127.0.0.1:${kam.sipPort}`);
  await waitFor(() => alice.calls.slice(before).some((c) => c.state === 'ringing'), 'a call to reach alice');
  const call = alice.calls.slice(before).find((c) => c.state === 'ringing')!;
  await alice.phone.reject(call.id);
  await callState(alice, call.id, 'ended');
}

describe('reconnection', () => {
  it('recovers from a dropped WebSocket', async () => {
    const seen = alice.statuses.length;
    expect(proxy.cut()).toBeGreaterThan(0);
    await waitFor(() => alice.statuses.slice(seen).some((s) => s.registration === 'reconnecting'), 'reconnecting');
    await waitFor(() => alice.phone.status().registration === 'registered', 're-registered', 15_000);
    await bobCallsAlice();
  });

  it('recovers from a SIP server restart that lost every registration', async () => {
    const seen = alice.statuses.length;
    await kam.restart();
    await waitFor(() => alice.statuses.slice(seen).some((s) => s.registration === 'reconnecting'), 'reconnecting');
    await waitFor(() => alice.phone.status().registration === 'registered', 're-registered', 15_000);
    // baresip re-registers on its own timer; make it register now so the server knows both again.
    await bob.command('uareg', '300');
    await new Promise((r) => setTimeout(r, 300));
    await bobCallsAlice();
  });
});
