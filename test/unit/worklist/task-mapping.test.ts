/**
 * The worklist Task's focus and reason as the desk reads them back: an Invoice or ServiceRequest it is about, the
 * agent's reason; a Task focused on anything else is not a well-formed item; a reason no agent could have given is
 * left out (not the item).
 */
import type { Task } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { itemOf, newTask } from '../../../electron/worklist/task-mapping';

const now = new Date('2026-12-07T10:00:00Z');
const onServer = (task: Task): Task => ({ ...task, id: 'task-1', meta: { ...task.meta, versionId: '1' } });
const dispute = (patch: Partial<Task> = {}): Task =>
  onServer({
    ...newTask({
      kind: 'billing-dispute',
      origin: null,
      patient: { id: 'pat-1', name: 'Layla Haddad' },
      number: '+14155550123',
      due: '2026-12-12T10:00:00.000Z',
      focus: { type: 'Invoice', id: 'inv-1' },
      reason: 'Charged twice for one visit',
      now,
    }),
    ...patch,
  });

describe('a focused worklist Task read back', () => {
  it('carries the Invoice or ServiceRequest it is about and the agent’s reason', () => {
    expect(dispute().description).toBe('Charged twice for one visit');
    expect(itemOf(dispute(), 'agent-a', now)).toMatchObject({
      kind: 'billing-dispute',
      pool: 'billing',
      focus: { type: 'Invoice', id: 'inv-1' },
      reason: 'Charged twice for one visit',
    });
    const referral = onServer(
      newTask({ kind: 'referral-follow-up', origin: null, patient: null, number: null, due: null, focus: { type: 'ServiceRequest', id: 'sr-9' }, now }),
    );
    expect(itemOf(referral, 'agent-a', now)).toMatchObject({ pool: 'referrals', focus: { type: 'ServiceRequest', id: 'sr-9' }, reason: null });
  });

  it('a focus on anything but an Invoice or ServiceRequest is not an item; a reason no agent could give is left out', () => {
    expect(itemOf(dispute({ focus: { reference: 'Observation/obs-1' } }), 'agent-a', now)).toBeNull();
    expect(itemOf(dispute({ focus: { reference: 'Invoice/../../x' } }), 'agent-a', now)).toBeNull();
    expect(itemOf(dispute({ description: 'x'.repeat(281) }), 'agent-a', now)?.reason).toBeNull();
    expect(itemOf(dispute({ description: 'two\nlines' }), 'agent-a', now)?.reason).toBeNull();
  });
});
