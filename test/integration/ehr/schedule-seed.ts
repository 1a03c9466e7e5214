/**
 * A clinic's schedule on the test FHIR server, for the scheduling tests: a practitioner, a location, one Schedule for
 * both with a service type, and `slots` free 30-minute slots on weekdays from tomorrow (one every hour, 9:00 to
 * 16:00 UTC), plus a patient. Identifiers are fresh for each call, so tests sharing the server do not meet.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry, FhirResource, Location, Patient, Practitioner, Schedule, Slot } from 'fhir/r4';
import type { FhirClient } from '../../../electron/ehr/fhir-client';

export const SERVICE_TYPE = { system: 'http://snomed.info/sct', code: '394814009', display: 'General practice' };
const TEST_SYSTEM = 'urn:carefront:test:schedule';

export interface SeededSchedule {
  run: string;
  patientId: string;
  otherPatientId: string;
  practitionerId: string;
  locationId: string;
  scheduleId: string;
  /** The slots' ids, earliest first. */
  slotIds: string[];
  /** The first slot's start: a search from here finds them all. */
  from: string;
  to: string;
}

/** Slot starts: weekdays from tomorrow, hourly from 09:00 to 16:00 UTC. */
export function slotStarts(count: number, today = new Date()): Date[] {
  const starts: Date[] = [];
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
  while (starts.length < count) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
      for (let h = 9; h <= 16 && starts.length < count; h += 1) starts.push(new Date(day.getTime() + h * 3_600_000));
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return starts;
}

const created = (answer: Bundle, index: number): string => {
  const location = answer.entry?.[index]?.response?.location ?? '';
  const id = /^[A-Za-z]+\/([A-Za-z0-9\-.]+)/.exec(location)?.[1];
  if (!id) throw new Error(`the seed's entry ${index} was not created`);
  return id;
};

export async function seedSchedule(client: FhirClient, slots = 8): Promise<SeededSchedule> {
  const run = randomUUID();
  const ident = (what: string) => [{ system: TEST_SYSTEM, value: `${run}-${what}` }];
  const patient = (given: string): Patient => ({
    resourceType: 'Patient',
    identifier: ident(given),
    name: [{ family: 'Okafor', given: [given] }],
    birthDate: '1980-05-17',
  });
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    identifier: ident('dr'),
    name: [{ prefix: ['Dr.'], given: ['Amara'], family: 'Lindqvist' }],
  };
  const location: Location = { resourceType: 'Location', identifier: ident('loc'), name: 'Northside Family Clinic', status: 'active' };
  const post = (resource: FhirResource, fullUrl: string): BundleEntry => ({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
  const people = await client.transaction({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [post(patient('Chidi'), 'urn:uuid:p1'), post(patient('Ngozi'), 'urn:uuid:p2'), post(practitioner, 'urn:uuid:dr'), post(location, 'urn:uuid:loc')],
  });
  const [patientId, otherPatientId, practitionerId, locationId] = [0, 1, 2, 3].map((i) => created(people, i)) as [string, string, string, string];
  const schedule: Schedule = {
    resourceType: 'Schedule',
    identifier: ident('schedule'),
    active: true,
    serviceType: [{ coding: [SERVICE_TYPE] }],
    actor: [
      { reference: `Practitioner/${practitionerId}`, display: 'Dr. Amara Lindqvist' },
      { reference: `Location/${locationId}`, display: 'Northside Family Clinic' },
    ],
    comment: 'Arrive 15 minutes early and bring your insurance card.',
  };
  const scheduleAnswer = await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: [post(schedule, 'urn:uuid:s')] });
  const scheduleId = created(scheduleAnswer, 0);
  const starts = slotStarts(slots);
  const slotEntries = starts.map((start, i) =>
    post(
      {
        resourceType: 'Slot',
        identifier: ident(`slot-${i}`),
        schedule: { reference: `Schedule/${scheduleId}` },
        serviceType: [{ coding: [SERVICE_TYPE] }],
        status: 'free',
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      } satisfies Slot,
      `urn:uuid:slot-${i}`,
    ),
  );
  const slotAnswer = await client.transaction({ resourceType: 'Bundle', type: 'transaction', entry: slotEntries });
  const slotIds = slotEntries.map((_, i) => created(slotAnswer, i));
  const last = starts[starts.length - 1] ?? new Date();
  return {
    run,
    patientId,
    otherPatientId,
    practitionerId,
    locationId,
    scheduleId,
    slotIds,
    from: starts[0]?.toISOString() ?? new Date().toISOString(),
    to: new Date(last.getTime() + 3_600_000).toISOString(),
  };
}

/**
 * Takes a seeded schedule off the shared test server's free times (its slots made busy-unavailable), so a spec that
 * ran before another does not leave it a free slot at the same hour (every seed offers the same hours).
 */
export async function retireSchedule(client: FhirClient, seeded: Pick<SeededSchedule, 'slotIds'>): Promise<void> {
  for (const id of seeded.slotIds) {
    const slot = await client.read<Slot>('Slot', id);
    if (slot.status !== 'free') continue;
    await client.update<Slot>({ ...slot, status: 'busy-unavailable' }, slot.meta?.versionId ?? '');
  }
}
