// Not-ready reasons and care for the agent through the real dispatcher and services (real encrypted store): the
// desk's reasons from the data file, a reason chosen (an unknown one refused by main, a malformed one by the
// contract), and a wrap-up that flags an abusive caller: the reset is offered to the page, and the flag is not
// stored with the contact.
import { describe, expect, it } from 'vitest';
import type { NotReadyReason, ResetOffer } from '../../../shared/domain/not-ready';
import { useDeskThroughDispatcher } from './desk-through-dispatcher';

const desk = useDeskThroughDispatcher('not-ready', { demoPatients: 20 });

describe('not-ready reasons through the dispatcher', () => {
  it("lists the file's reasons; takes one; refuses an unknown or malformed reason, or a reason with another state", async () => {
    const reasons = (await desk.dispatch('agent.notReadyReasons', {})) as { ok: true; value: NotReadyReason[] };
    expect(reasons.value.map((r) => r.id)).toEqual(['break', 'lunch', 'training', 'meeting', 'afterDifficultCall', 'technicalProblem']);
    const lunch = await desk.dispatch('agent.setState', { state: 'break', reason: 'lunch' });
    expect(lunch.ok && lunch.value).toMatchObject({ state: 'break', reason: 'lunch' });
    const unknown = await desk.dispatch('agent.setState', { state: 'break', reason: 'nap' });
    expect(!unknown.ok && unknown.error.code).toBe('invalidArgument');
    const malformed = await desk.dispatch('agent.setState', { state: 'break', reason: '<b>' });
    expect(!malformed.ok && malformed.error.code).toBe('invalidArgument');
    const offline = await desk.dispatch('agent.setState', { state: 'offline', reason: 'lunch' });
    expect(!offline.ok && offline.error.code).toBe('invalidArgument');
    expect(desk.services.agent.get()).toMatchObject({ state: 'break', reason: 'lunch' });
    const plain = await desk.dispatch('agent.setState', { state: 'break' });
    expect(plain.ok && plain.value).toMatchObject({ state: 'break', reason: 'break' });
  });

  it('a wrap-up flagging an abusive caller offers the reset; the flag is not stored with the contact', async () => {
    const offers: ResetOffer[] = [];
    desk.services.events.on('care.resetOffered', (o) => offers.push(o));
    desk.services.agent.set('wrapUp');
    const saved = await desk.dispatch('wrapUp.save', {
      callId: 'call-7',
      patientId: null,
      disposition: 'resolved',
      notes: '',
      followUpAt: null,
      survey: false,
      handleSeconds: 60,
      afterCallSeconds: 10,
      abusiveCaller: true,
    });
    expect(saved.ok).toBe(true);
    const id = (saved as { ok: true; value: { communicationId: string } }).value.communicationId;
    expect(offers).toEqual([{ kinds: ['abusive'], reason: 'afterDifficultCall', limitMinutes: 5 }]);
    expect(desk.services.teamwork?.care.hardCallsInARow).toBe(1);
    const row = desk.services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Communication' AND id = ?").get(id) as { json: string };
    expect(row.json).not.toMatch(/abusive/i);
  });
});
