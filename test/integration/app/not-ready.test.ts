// Not-ready reasons and care for the agent through the real dispatcher and services (real encrypted store): the
// desk's reasons from the data file, a reason chosen (an unknown one refused by main, a malformed one by the
// contract), and a wrap-up that flags an abusive caller: the reset is offered to the page, and the flag is not
// stored with the contact.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../electron/main/dispatch';
import { buildHandlers } from '../../../electron/main/ipc';
import { createServices, type Services } from '../../../electron/main/services';
import type { NotReadyReason, ResetOffer } from '../../../shared/domain/not-ready';
import { ifSetUp } from '../../if-set-up';

let dir: string;
let services: Services;
let dispatch: Dispatch;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-not-ready-'));
  services = await createServices({ dataDir: dir, transport: 'bridge', demoPatients: 20 });
  dispatch = createDispatch(buildHandlers(services));
});

afterAll(async () => {
  await ifSetUp(services, (s) => s.close());
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('not-ready reasons through the dispatcher', () => {
  it("lists the file's reasons; takes one; refuses an unknown or malformed reason, or a reason with another state", async () => {
    const reasons = (await dispatch('agent.notReadyReasons', {})) as { ok: true; value: NotReadyReason[] };
    expect(reasons.value.map((r) => r.id)).toEqual(['break', 'lunch', 'training', 'meeting', 'afterDifficultCall', 'technicalProblem']);
    const lunch = await dispatch('agent.setState', { state: 'break', reason: 'lunch' });
    expect(lunch.ok && lunch.value).toMatchObject({ state: 'break', reason: 'lunch' });
    const unknown = await dispatch('agent.setState', { state: 'break', reason: 'nap' });
    expect(!unknown.ok && unknown.error.code).toBe('invalidArgument');
    const malformed = await dispatch('agent.setState', { state: 'break', reason: '<b>' });
    expect(!malformed.ok && malformed.error.code).toBe('invalidArgument');
    const offline = await dispatch('agent.setState', { state: 'offline', reason: 'lunch' });
    expect(!offline.ok && offline.error.code).toBe('invalidArgument');
    expect(services.agent.get()).toMatchObject({ state: 'break', reason: 'lunch' });
    const plain = await dispatch('agent.setState', { state: 'break' });
    expect(plain.ok && plain.value).toMatchObject({ state: 'break', reason: 'break' });
  });

  it('a wrap-up flagging an abusive caller offers the reset; the flag is not stored with the contact', async () => {
    const offers: ResetOffer[] = [];
    services.events.on('care.resetOffered', (o) => offers.push(o));
    services.agent.set('wrapUp');
    const saved = await dispatch('wrapUp.save', {
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
    expect(services.teamwork?.care.hardCallsInARow).toBe(1);
    const row = services.store.connection().prepare("SELECT json FROM resource WHERE type = 'Communication' AND id = ?").get(id) as { json: string };
    expect(row.json).not.toMatch(/abusive/i);
  });
});
