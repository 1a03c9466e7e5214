import { WebSocket } from 'ws';
import { Softphone } from '../../../electron/softphone/softphone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { CallView } from '../../../shared/domain/call';
import type { PhoneStatus } from '../../../shared/ipc/contract';
import { afterAll, beforeAll } from 'vitest';
import { ifSetUp } from '../../if-set-up';
import { Kamailio, RIG_USERS, type RigUser, waitFor } from '../../rig/rig';

export interface TestPhone {
  phone: Softphone;
  media: Map<string, NodeRtpSessionDescriptionHandler>;
  calls: CallView[];
  statuses: PhoneStatus[];
  dtmf: string[];
}

/** `desk`: the desk's SIP instance id (RFC 5626/5627), kept by the desk across restarts of its phone. */
export function makePhone(
  kam: Kamailio,
  user: RigUser,
  password: string = RIG_USERS[user],
  displayName: string = user,
  server = kam.wsUrl,
  telephoneEvent = true,
  desk?: { instanceId: string },
): TestPhone {
  const media = new Map<string, NodeRtpSessionDescriptionHandler>();
  // A hostile peer is not bound by our own validation: its display name is set after parsing.
  const account = { ...SipAccountSchema.parse({ uri: `sip:${user}@127.0.0.1`, authUser: user, password, server }), displayName };
  const phone = new Softphone({
    account,
    createMedia: (id) => {
      const sdh = new NodeRtpSessionDescriptionHandler('127.0.0.1', telephoneEvent);
      media.set(id, sdh);
      return sdh;
    },
    webSocket: WebSocket,
    backoff: { firstMs: 100, maxMs: 1000 },
    instanceId: desk?.instanceId,
  });
  const t: TestPhone = { phone, media, calls: [], statuses: [], dtmf: [] };
  phone.on('call', (c) => t.calls.push(c));
  phone.on('status', (s) => t.statuses.push(s));
  phone.on('dtmf', (_id, digit, via) => t.dtmf.push(`${via}:${digit}`));
  return t;
}

export async function registered(t: TestPhone): Promise<void> {
  await waitFor(() => t.phone.status().registration === 'registered', 'registration', 10_000);
}

export function lastCall(t: TestPhone, predicate: (c: CallView) => boolean = () => true): CallView | undefined {
  return [...t.calls].reverse().find(predicate);
}

export async function callState(t: TestPhone, id: string, state: CallView['state'], timeoutMs = 10_000): Promise<void> {
  await waitFor(() => lastCall(t, (c) => c.id === id)?.state === state, `call ${id} to be ${state}`, timeoutMs);
}

/** Waits until the call's media has sent and received at least `n` more RTP packets than now. */
export async function rtpFlows(sdh: NodeRtpSessionDescriptionHandler, n = 25): Promise<{ sent: number; received: number }> {
  const start = { ...sdh.stats };
  await waitFor(() => sdh.stats.received - start.received >= n && sdh.stats.sent - start.sent >= n, `${n} RTP packets each way`, 10_000);
  return { sent: sdh.stats.sent - start.sent, received: sdh.stats.received - start.received };
}

/** Waits for a call from `fromUser` to ring at `to` (among calls after index `since`), answers it, waits until connected. */
export async function answerFrom(to: TestPhone, fromUser: string, since: number): Promise<CallView> {
  await waitFor(() => to.calls.slice(since).some((c) => c.state === 'ringing' && c.remote.user === fromUser), `${fromUser} ringing`);
  const call = to.calls.slice(since).find((c) => c.state === 'ringing' && c.remote.user === fromUser)!;
  await to.phone.answer(call.id);
  await callState(to, call.id, 'active');
  return call;
}

/** alice, carol and dave, registered to the rig (agent, colleague, caller in the multi-party tests). */
async function threeRegisteredPhones(kam: Kamailio): Promise<[TestPhone, TestPhone, TestPhone]> {
  const phones: [TestPhone, TestPhone, TestPhone] = [makePhone(kam, 'alice'), makePhone(kam, 'carol'), makePhone(kam, 'dave')];
  for (const p of phones) await p.phone.start();
  for (const p of phones) await registered(p);
  return phones;
}

/** A Kamailio and alice (the agent), carol (a colleague) and dave (a caller), all registered. */
export interface ThreePhones {
  kam: Kamailio;
  alice: TestPhone;
  carol: TestPhone;
  dave: TestPhone;
}

/** A file's rig of three, set up before the file's tests (handed to `ready`) and stopped after them. */
export function useThreePhones(ready: (rig: ThreePhones) => void): void {
  let kam: Kamailio | undefined;
  let phones: TestPhone[] = [];
  beforeAll(async () => {
    kam = await Kamailio.create();
    const [alice, carol, dave] = await threeRegisteredPhones(kam);
    phones = [alice, carol, dave];
    ready({ kam, alice, carol, dave });
  }, 60_000);
  afterAll(async () => {
    for (const p of phones) await p.phone.stop().catch(() => undefined);
    await ifSetUp(kam, (k) => k.dispose());
  });
}
