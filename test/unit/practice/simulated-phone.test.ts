// Practice mode's phone: plain CallViews through the same events as the real phone, the agent's
// state following the calls, simulated colleagues, and the trainee's actions reported to the session.
import { describe, expect, it } from 'vitest';
import { DomainEventBus } from '../../../electron/main/domain-events';
import { AgentStatusService } from '../../../electron/main/services/agent-status';
import { SimulatedPhone, type SimulatedCallEvent } from '../../../electron/practice/simulated-phone';
import type { CallView } from '../../../shared/domain/call';

function rig() {
  const events = new DomainEventBus();
  const agent = new AgentStatusService(events);
  const updates: CallView[] = [];
  const pops: string[] = [];
  const told: SimulatedCallEvent[] = [];
  events.on('call.changed', (c) => updates.push(c));
  const phone = new SimulatedPhone(events, agent, (c) => pops.push(c.id));
  phone.onCallEvent((e) => told.push(e));
  return { phone, agent, updates, pops, told };
}

describe('SimulatedPhone', () => {
  it('rings a caller in with a screen pop; answer, hold, resume and hang-up are reported and followed by the agent state', async () => {
    const { phone, agent, updates, pops, told } = rig();
    const call = phone.ringIn({ number: '+12125550123', displayName: 'Maria Lopez' });
    expect(call).toMatchObject({ direction: 'inbound', state: 'ringing', remote: { e164: '+12125550123' } });
    expect(pops).toEqual([call.id]);
    await phone.answer(call.id);
    expect(agent.get().state).toBe('onCall');
    await phone.hold(call.id, true);
    expect(phone.list()[0]!.heldSince).not.toBeNull();
    await phone.hold(call.id, true); // already held: nothing new
    await phone.hold(call.id, false);
    await phone.mute(call.id, true);
    await phone.hangup(call.id);
    expect(phone.list()).toEqual([]);
    expect(agent.get().state).toBe('wrapUp');
    expect(updates.map((u) => u.state)).toEqual(['ringing', 'active', 'held', 'active', 'active', 'ended']);
    expect(updates.at(-1)!.endReason).toBe('hung up by agent');
    expect(told).toEqual([
      { type: 'answered', callId: call.id },
      { type: 'hold', callId: call.id, hold: true },
      { type: 'hold', callId: call.id, hold: false },
      { type: 'endedByAgent', callId: call.id },
    ]);
  });

  it('has no account and refuses one; reports itself ready', async () => {
    const { phone } = rig();
    expect(phone.status()).toEqual({ registration: 'registered', reason: null });
    expect(phone.state().account).toBeNull();
    await expect(phone.configure()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it("dials simulated colleagues who answer, conferences them in, and transfers end the caller's call", async () => {
    const { phone, told } = rig();
    const call = phone.ringIn({ number: '+12125550123', displayName: 'Caller' });
    await phone.answer(call.id);
    const consult = await phone.dial('crisis');
    expect(consult.state).toBe('dialing');
    expect(await phone.whenConnected(consult.id, 2000)).toBe(true);
    await phone.conference(call.id, consult.id);
    expect(
      phone
        .list()
        .find((c) => c.id === call.id)!
        .conferenceWith.map((p) => p.user),
    ).toEqual(['crisis']);
    await phone.transfer(call.id, 'billing');
    expect(told.at(-1)).toEqual({ type: 'transferred', callId: call.id });
    expect(phone.list().map((c) => c.id)).toEqual([consult.id]);
    phone.endAll('done');
    expect(phone.list()).toEqual([]);
    await expect(phone.hangup(call.id)).rejects.toMatchObject({ code: 'notFound' });
  });

  it('an answer for a call that is not ringing is refused with a code', async () => {
    const { phone } = rig();
    const call = phone.ringIn({ number: '+12125550123', displayName: 'Caller' });
    await phone.answer(call.id);
    await expect(phone.answer(call.id)).rejects.toMatchObject({ code: 'invalidArgument' });
  });
});
