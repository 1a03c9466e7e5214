// The agent's own day through the real dispatcher and the real encrypted store: a caller's call answered and ended
// (recorded as a contact), its wrap-up saved, and a call that rang out; the figures are this desk user's, and the
// time in each state follows the agent's state changes.
import { describe, expect, it } from 'vitest';
import { StateClock } from '../../../electron/main/services/my-day';
import { invoke } from './invoke';
import { ringIn } from './caller-call';
import { useDeskThroughDispatcher } from './desk-through-dispatcher';

const desk = useDeskThroughDispatcher('my-day', { demoPatients: 20 });

describe("the agent's own day", () => {
  it('starts empty: no calls, no averages', async () => {
    const day = await invoke(desk.dispatch, 'agent.myDay', {});
    expect(day).toMatchObject({ calls: 0, answered: 0, averageHandleSeconds: null, averageAfterCallSeconds: null });
    expect(Date.parse(day.since)).toBeLessThanOrEqual(Date.now());
    expect(new Date(day.since).getHours()).toBe(0);
  });

  it('counts an answered call with its wrap-up, and one that rang out', async () => {
    // The phone reports a call's end once (call.ended): the desk records it as a contact then.
    const ended = (c: ReturnType<typeof ringIn>) => {
      c.hangup();
      const call = c.view();
      desk.services.events.emit('call.ended', { callId: call.id, leg: 'caller', reason: call.endReason, answered: call.answeredAt !== null, call });
    };
    const answered = ringIn(desk.services, '+15550199001');
    answered.answer();
    ended(answered);
    await invoke(desk.dispatch, 'wrapUp.save', {
      callId: answered.id,
      patientId: null,
      disposition: 'resolved',
      notes: '',
      followUpAt: null,
      survey: false,
      handleSeconds: 0,
      afterCallSeconds: 42,
    });
    ended(ringIn(desk.services, '+15550199002'));

    const day = await invoke(desk.dispatch, 'agent.myDay', {});
    expect(day).toMatchObject({ calls: 2, answered: 1, averageAfterCallSeconds: 42 });
    expect(day.averageHandleSeconds).not.toBeNull();
  });
});

describe('the time in each state', () => {
  it('adds up each stretch, today only, and the current one up to now', () => {
    let now = Date.parse('2026-12-07T08:00:00');
    const clock = new StateClock({ state: 'offline', since: new Date(now).toISOString(), reason: null }, () => now);
    now += 60_000;
    clock.changed({ state: 'available', since: new Date(now).toISOString(), reason: null });
    now += 600_000;
    clock.changed({ state: 'onCall', since: new Date(now).toISOString(), reason: null });
    now += 300_000;
    clock.changed({ state: 'available', since: new Date(now).toISOString(), reason: null });
    now += 120_000;
    const { seconds } = clock.since(Date.parse('2026-12-07T00:00:00'));
    expect(seconds).toEqual({ offline: 60, available: 720, onCall: 300 });
    // From a later point, only what came after it.
    expect(clock.since(Date.parse('2026-12-07T08:11:00')).seconds).toEqual({ onCall: 300, available: 120 });
  });
});
