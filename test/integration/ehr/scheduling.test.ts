/**
 * Scheduling against the real HAPI FHIR R4 server: the next available slot first, a booking (slot busy, appointment
 * booked, its instructions), two desks racing for one slot (one gets it, the other is offered the next at once), a
 * retried booking that never books twice, a reschedule (old appointment cancelled, its slot free again, the new one
 * taken) and a cancel with its reason; an appointment that is not the patient's, or changed meanwhile, is refused.
 */
import { randomUUID } from 'node:crypto';
import type { Appointment, FhirResource, Slot } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/errors';
import { FhirClient } from '../../../electron/ehr/fhir-client';
import { ScheduleBook } from '../../../electron/scheduling/schedule-book';
import { CANCEL_REASON_SYSTEM } from '../../../electron/scheduling/slot-mapping';
import { FHIR_READY_TIMEOUT_MS, fhirServerInfo, waitForFhirServer } from '../../fhir-server/server';
import { SERVICE_TYPE, seedSchedule, type SeededSchedule } from './schedule-seed';

const info = fhirServerInfo();

async function refusal(promise: Promise<unknown>): Promise<CodedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CodedError);
  return err as CodedError;
}

describe.skipIf(!info.baseUrl)(info.baseUrl ? 'scheduling against a real HAPI FHIR R4 server' : `scheduling: SKIPPED, ${info.reason}`, () => {
  let client: FhirClient;
  let seeded: SeededSchedule;
  const written: FhirResource[] = [];
  let book: ScheduleBook;
  beforeAll(async () => {
    client = new FhirClient({ baseUrl: await waitForFhirServer(info) });
    seeded = await seedSchedule(client, 8);
    book = new ScheduleBook(client, (resources) => written.push(...resources));
  }, FHIR_READY_TIMEOUT_MS + 60_000);

  const search = (limit = 10) =>
    book.findSlots({ practitionerId: seeded.practitionerId, serviceType: SERVICE_TYPE.code, from: seeded.from, to: seeded.to, limit });

  it('finds the free slots earliest first, with who, where and what to tell the patient', async () => {
    const { slots, malformed } = await search(3);
    expect(malformed).toBe(0);
    expect(slots.map((s) => s.id)).toEqual(seeded.slotIds.slice(0, 3));
    const next = slots[0]!;
    expect(next.start).toBe(seeded.from);
    expect(next.practitioner).toEqual({ id: seeded.practitionerId, name: 'Dr. Amara Lindqvist' });
    expect(next.location).toEqual({ id: seeded.locationId, name: 'Northside Family Clinic' });
    expect(next.serviceType).toEqual({ code: SERVICE_TYPE.code, display: SERVICE_TYPE.display });
    expect(next.instructions).toBe('Arrive 15 minutes early and bring your insurance card.');
    // Another practitioner's schedule is not searched.
    expect((await book.findSlots({ practitionerId: seeded.patientId, from: seeded.from, to: seeded.to })).slots).toEqual([]);
  });

  it('books the next available slot: the slot is busy on the server, the appointment booked with its instructions', async () => {
    const [slot] = (await search(1)).slots;
    const clientId = randomUUID();
    const outcome = await book.book({ clientId, patientId: seeded.patientId, slotId: slot!.id, slotVersion: slot!.version, reason: 'annual check-up' });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const appointment = await client.read<Appointment>('Appointment', outcome.booked.appointmentId);
    expect(appointment).toMatchObject({
      status: 'booked',
      start: slot!.start,
      end: slot!.end,
      description: 'annual check-up',
      patientInstruction: 'Arrive 15 minutes early and bring your insurance card.',
      slot: [{ reference: `Slot/${slot!.id}` }],
    });
    expect(appointment.participant.map((p) => p.actor?.reference)).toEqual([
      `Patient/${seeded.patientId}`,
      `Practitioner/${seeded.practitionerId}`,
      `Location/${seeded.locationId}`,
    ]);
    expect((await client.read<Slot>('Slot', slot!.id)).status).toBe('busy');
    // The desk's cache is told what the server now holds.
    expect(written.some((r) => r.resourceType === 'Appointment' && r.id === outcome.booked.appointmentId)).toBe(true);
    // Sent again (an answer lost on the way back): the same appointment, not a second one.
    const again = await book.book({ clientId, patientId: seeded.patientId, slotId: slot!.id, slotVersion: slot!.version });
    expect(again).toMatchObject({ ok: true, booked: { appointmentId: outcome.booked.appointmentId } });
    const mine = await client.search<Appointment>('Appointment', { patient: `Patient/${seeded.patientId}`, status: 'booked' });
    expect(mine.resources).toHaveLength(1);
    // The next search no longer offers it.
    expect((await search(1)).slots[0]?.id).not.toBe(slot!.id);
  });

  it('two desks pick the same slot at the same moment: one gets it, the other is offered the next free slot', async () => {
    const [slot, following] = (await search(2)).slots;
    const desks = [seeded.patientId, seeded.otherPatientId].map((patientId) =>
      book.book({ clientId: randomUUID(), patientId, slotId: slot!.id, slotVersion: slot!.version }),
    );
    const outcomes = await Promise.all(desks);
    const won = outcomes.filter((o) => o.ok);
    const lost = outcomes.filter((o) => !o.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ ok: false, reason: 'slotTaken', next: { id: following!.id } });
    // One appointment holds the slot.
    const holders = await client.search<Appointment>('Appointment', { slot: `Slot/${slot!.id}` });
    expect(holders.resources.filter((a) => a.status === 'booked')).toHaveLength(1);
  });

  it('a slot offered before another desk took it is refused with the next one, without a write', async () => {
    const [slot] = (await search(1)).slots;
    const first = await book.book({ clientId: randomUUID(), patientId: seeded.otherPatientId, slotId: slot!.id, slotVersion: slot!.version });
    expect(first.ok).toBe(true);
    const late = await book.book({ clientId: randomUUID(), patientId: seeded.patientId, slotId: slot!.id, slotVersion: slot!.version });
    expect(late).toMatchObject({ ok: false, reason: 'slotTaken' });
    if (late.ok) return;
    expect(late.next?.id).toBeDefined();
    expect(late.next?.id).not.toBe(slot!.id);
  });

  it('reschedules: the old appointment cancelled and its slot free again, the new slot taken, in one go', async () => {
    const mine = (await client.search<Appointment>('Appointment', { patient: `Patient/${seeded.patientId}`, status: 'booked' })).resources[0]!;
    const oldSlotId = mine.slot![0]!.reference!.replace('Slot/', '');
    const [target] = (await search(1)).slots;
    const moved = await book.reschedule({
      clientId: randomUUID(),
      patientId: seeded.patientId,
      appointmentId: mine.id!,
      appointmentVersion: mine.meta!.versionId!,
      slotId: target!.id,
      slotVersion: target!.version,
    });
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    const old = await client.read<Appointment>('Appointment', mine.id!);
    expect(old.status).toBe('cancelled');
    expect(old.cancelationReason?.coding?.[0]).toEqual({ system: CANCEL_REASON_SYSTEM, code: 'pat' });
    expect((await client.read<Slot>('Slot', oldSlotId)).status).toBe('free');
    expect((await client.read<Slot>('Slot', target!.id)).status).toBe('busy');
    const now = await client.read<Appointment>('Appointment', moved.booked.appointmentId);
    expect(now).toMatchObject({ status: 'booked', start: target!.start, comment: `Rescheduled from Appointment/${mine.id!}` });
    // The freed slot is offered again.
    expect((await search(10)).slots.map((s) => s.id)).toContain(oldSlotId);
  });

  it("an appointment that changed since it was read, or is not the patient's, is refused and nothing changes", async () => {
    const mine = (await client.search<Appointment>('Appointment', { patient: `Patient/${seeded.patientId}`, status: 'booked' })).resources[0]!;
    const stale = await refusal(book.cancel({ patientId: seeded.patientId, appointmentId: mine.id!, appointmentVersion: '999', reason: 'pat' }));
    expect(stale.code).toBe('ehrConflict');
    const other = await refusal(
      book.cancel({ patientId: seeded.otherPatientId, appointmentId: mine.id!, appointmentVersion: mine.meta!.versionId!, reason: 'pat' }),
    );
    expect(other.code).toBe('notFound');
    expect((await client.read<Appointment>('Appointment', mine.id!)).status).toBe('booked');
  });

  it('cancels with the reason and gives the slot back', async () => {
    const mine = (await client.search<Appointment>('Appointment', { patient: `Patient/${seeded.patientId}`, status: 'booked' })).resources[0]!;
    const slotId = mine.slot![0]!.reference!.replace('Slot/', '');
    const done = await book.cancel({ patientId: seeded.patientId, appointmentId: mine.id!, appointmentVersion: mine.meta!.versionId!, reason: 'prov' });
    expect(done.appointmentVersion).not.toBe(mine.meta!.versionId);
    const cancelled = await client.read<Appointment>('Appointment', mine.id!);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelationReason?.coding?.[0]?.code).toBe('prov');
    expect((await client.read<Slot>('Slot', slotId)).status).toBe('free');
  });
});
