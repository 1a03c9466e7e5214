// What a contact centre expects of the agent's state, on the real rig: on a break the desk is not
// ready, so a new call is refused before it rings (480 Temporarily Unavailable: never rung, never
// popped, the caller hears the desk is unavailable); back to Available, calls ring again.
// "Available" itself needs a registered phone: chosen while the phone is offline it is refused
// with a coded error and the state does not change; an Available agent whose phone stops taking
// calls is no longer shown Available.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { PhoneService } from '../../../electron/main/services/phone';
import { NodeRtpSessionDescriptionHandler } from '../../../electron/softphone/node-rtp-sdh';
import { SipAccountSchema } from '../../../shared/domain/phone';
import type { CallView } from '../../../shared/domain/call';
import { CodedError } from '../../../shared/errors';
import { Kamailio, RIG_USERS, waitFor } from '../../rig/rig';
import { callState, lastCall, makePhone, registered, type TestPhone } from './helpers';
import { ifSetUp } from '../../if-set-up';

let kam: Kamailio;
let events: DomainEventBus;
let status: AgentStatusService;
let agent: PhoneService;
let caller: TestPhone;
const agentCalls: CallView[] = [];
const pops: CallView[] = [];

beforeAll(async () => {
  kam = await Kamailio.create();
  events = new DomainEventBus();
  events.on('call.changed', (c) => agentCalls.push(c));
  status = new AgentStatusService(events);
  agent = new PhoneService(
    events,
    status,
    () => new NodeRtpSessionDescriptionHandler(),
    (c) => pops.push(c),
  );
  caller = makePhone(kam, 'dave');
  await caller.phone.start();
  await registered(caller);
}, 60_000);

afterAll(async () => {
  await ifSetUp(agent, (a) => a.stop());
  await ifSetUp(caller, (c) => c.phone.stop().catch(() => undefined));
  await ifSetUp(kam, (k) => k.dispose());
});

describe("the agent's state and the phone", () => {
  it('refuses "Available" while the phone is not registered, with a coded error; allows it once registered', async () => {
    expect(agent.status().registration).toBe('offline');
    expect(() => status.choose('available')).toThrow(CodedError);
    try {
      status.choose('available');
    } catch (err) {
      expect((err as CodedError).code).toBe('agentNeedsPhone');
    }
    expect(status.get().state).toBe('offline');
    expect(status.choose('break').state).toBe('break'); // not-ready states need no phone

    await agent.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: RIG_USERS.alice, server: kam.wsUrl }));
    await waitFor(() => agent.status().registration === 'registered', 'agent registered');
    expect(status.choose('available').state).toBe('available');
  });

  it('on a break a new call is refused with 480 and never rings or pops; back to Available it rings', async () => {
    status.choose('break');
    const callsBefore = agentCalls.length;
    const out = await caller.phone.dial('alice');
    await callState(caller, out.id, 'ended');
    expect(lastCall(caller, (c) => c.id === out.id)?.endReason).toBe('rejected 480');
    expect(agentCalls.slice(callsBefore)).toEqual([]); // never rung, never shown
    expect(pops).toEqual([]);
    expect(status.get().state).toBe('break');

    status.choose('available');
    const again = await caller.phone.dial('alice');
    await waitFor(() => agentCalls.some((c) => c.state === 'ringing'), 'ringing at the agent');
    expect(pops).toHaveLength(1);
    await caller.phone.hangup(again.id);
    await callState(caller, again.id, 'ended');
  });

  it('an Available agent whose phone stops taking calls (a refused sign-in) is not Available any more', async () => {
    await waitFor(() => status.get().state !== 'onCall', 'the last call over');
    status.choose('available');
    await agent.configure(SipAccountSchema.parse({ uri: 'sip:alice@127.0.0.1', authUser: 'alice', password: 'not-the-password', server: kam.wsUrl }));
    await waitFor(() => agent.status().registration === 'failed', 'the sign-in refused');
    expect(status.get().state).toBe('offline');
    expect(() => status.choose('available')).toThrow(/registered phone/);
  });
});
