// One desk, one binding: whatever happens to the desk's connection or its phone, the registrar holds
// exactly one binding for it, so a call reaches the desk once. Read from Kamailio's location table
// (kamcmd ul.lookup) after the WebSocket dropped and reconnected, after the phone was restarted, and
// after the desk came back while its old connection had gone silent without unregistering (a machine
// that vanished from the network: the server still holds that connection open).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { PhoneService } from '../../../electron/main/services/phone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import { Kamailio, RIG_USERS, waitFor, type Binding } from '../../rig/rig';
import { CuttableProxy } from './tcp-proxy';
import { callState, lastCall, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let dave: TestPhone;
const running = new Set<TestPhone>();
const proxies = new Set<CuttableProxy>();

async function desk(instanceId: string, server = kam.wsUrl): Promise<TestPhone> {
  const t = makePhone(kam, 'alice', undefined, 'alice', server, true, { instanceId });
  running.add(t);
  await t.phone.start();
  await registered(t);
  return t;
}

async function stop(t: TestPhone): Promise<void> {
  running.delete(t);
  await t.phone.stop();
}

async function proxy(): Promise<CuttableProxy> {
  const p = await CuttableProxy.start(kam.wsPort);
  proxies.add(p);
  return p;
}

/** The registrar's bindings for alice, once a refresh or removal in flight has settled. */
async function aliceBindings(): Promise<Binding[]> {
  await new Promise((r) => setTimeout(r, 300));
  return kam.bindings('alice');
}

/**
 * dave calls alice; the desk declines the call as soon as it rings. The caller's call ends only when
 * every branch the registrar forked to has answered, so by then every INVITE that reached the desk
 * is in its call list: returns how many calls from dave it saw.
 */
async function invitesReaching(t: TestPhone): Promise<{ calls: number }> {
  const since = t.calls.length;
  const out = await dave.phone.dial('alice');
  const declined = new Set<string>();
  await waitFor(
    async () => {
      for (const c of t.calls.slice(since)) {
        if (c.remote.user !== 'dave' || c.state !== 'ringing' || declined.has(c.id)) continue;
        declined.add(c.id);
        await t.phone.reject(c.id);
      }
      return lastCall(dave, (c) => c.id === out.id)?.state === 'ended';
    },
    "dave's call to end",
    45_000,
  );
  await callState(dave, out.id, 'ended');
  return {
    calls: new Set(
      t.calls
        .slice(since)
        .filter((c) => c.remote.user === 'dave')
        .map((c) => c.id),
    ).size,
  };
}

beforeAll(async () => {
  kam = await Kamailio.create();
  dave = makePhone(kam, 'dave');
  await dave.phone.start();
  await registered(dave);
}, 60_000);

afterEach(async () => {
  for (const t of [...running]) await stop(t).catch(() => undefined);
  for (const p of proxies) await p.close();
  proxies.clear();
  // Each case starts from a registrar that holds nothing for alice.
  await kam.clearBindings('alice');
});

afterAll(async () => {
  await ifSetUp(dave, (d) => d.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

describe('one binding per desk', () => {
  it("registers with the desk's instance id: the binding carries it", async () => {
    const id = randomUUID();
    await desk(id);
    const bindings = await aliceBindings();
    expect(bindings).toHaveLength(1);
    expect(bindings[0]!.instance).toBe(`<urn:uuid:${id}>`);
  });

  it('after the WebSocket dropped and reconnected: one binding, one INVITE', async () => {
    const p = await proxy();
    const alice = await desk(randomUUID(), `ws://127.0.0.1:${p.port}`);
    const before = (await aliceBindings())[0]!;
    const seen = alice.statuses.length;
    expect(p.cut()).toBeGreaterThan(0);
    await waitFor(() => alice.statuses.slice(seen).some((s) => s.registration === 'reconnecting'), 'reconnecting');
    await registered(alice);
    const after = await aliceBindings();
    expect(after).toHaveLength(1);
    expect(after[0]!.received).not.toBe(before.received); // the new connection, in place of the old one
    expect((await invitesReaching(alice)).calls).toBe(1);
  });

  it('after the phone was restarted (stopped, and a new one started for the same desk): one binding, one INVITE', async () => {
    const id = randomUUID();
    await stop(await desk(id));
    const alice = await desk(id);
    expect(await aliceBindings()).toHaveLength(1);
    expect((await invitesReaching(alice)).calls).toBe(1);
  });

  it('after the desk came back while its old connection had gone silent without unregistering: one binding, one INVITE, no dead branch', async () => {
    const id = randomUUID();
    const p = await proxy();
    const gone = await desk(id, `ws://127.0.0.1:${p.port}`);
    // The machine vanishes from the network: nothing more gets through, and nobody closes the
    // connection, so the server keeps it open and the old binding looks alive. Its un-REGISTER is lost.
    expect(p.freeze()).toBeGreaterThan(0);
    await stop(gone);
    const alice = await desk(id);
    expect(await aliceBindings()).toHaveLength(1);
    expect(p.droppedFromServer()).not.toContain('INVITE sip:');
    expect((await invitesReaching(alice)).calls).toBe(1);
    // A second binding would fork the call into the silent connection too (and the caller would hear the desk's
    // answer only when that branch timed out, Kamailio's fr_timer): nothing was sent into it.
    expect(p.droppedFromServer()).not.toContain('INVITE sip:');
  }, 60_000);

  it("two configures of the desk's phone that overlap (start-up and Phone settings) leave one phone: one connection, one binding, none after stop", async () => {
    const p = await proxy();
    const bus = new DomainEventBus();
    const service = new PhoneService(bus, new AgentStatusService(bus), () => new NodeRtpSessionDescriptionHandler(), undefined, randomUUID());
    const account = SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: `ws://127.0.0.1:${p.port}` });
    try {
      await Promise.all([service.configure(account), service.configure(account)]);
      await waitFor(() => service.status().registration === 'registered', 'registered', 10_000);
      expect(await aliceBindings()).toHaveLength(1);
      expect(p.open).toBe(1);
    } finally {
      await service.stop();
    }
    // A phone left running unseen would still hold its connection (and register again on its own).
    await waitFor(() => p.open === 0, 'every connection of the desk closed', 5000);
    expect(await aliceBindings()).toEqual([]);
  });
});
