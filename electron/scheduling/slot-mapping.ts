/**
 * FHIR Slot / Schedule / Appointment ↔ what the desk shows and writes: the one place these shapes are read and built.
 * A slot read from the server is validated; a malformed one is left out (and counted), never offered.
 */
import type { Appointment, FhirResource, Practitioner, Reference, Schedule, Slot } from 'fhir/r4';
import { z } from 'zod';
import type { CancelReason, NamedRef, SlotView } from '../../shared/domain/scheduling';
import { CLIENT_ID_SYSTEM } from '../ehr/write-back-mapping';

export const CANCEL_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason';

const Id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)));
const SlotShape = z.looseObject({
  resourceType: z.literal('Slot'),
  id: Id,
  meta: z.looseObject({ versionId: Id }),
  status: z.enum(['busy', 'free', 'busy-unavailable', 'busy-tentative', 'entered-in-error']),
  start: Instant,
  end: Instant,
  schedule: z.looseObject({ reference: z.string().regex(/^Schedule\/[A-Za-z0-9\-.]{1,64}$/) }),
});

const refId = (ref: Reference | undefined, type: string): string | null => {
  const m = new RegExp(`^${type}/([A-Za-z0-9\\-.]{1,64})$`).exec(ref?.reference ?? '');
  return m?.[1] ?? null;
};

const practitionerName = (p: Practitioner | undefined): string | null => {
  const n = p?.name?.[0];
  if (!n) return null;
  return n.text ?? ([...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(' ') || null);
};

/** Who or where a schedule is for: the included resource's name, else the reference's display. */
function actorOf(schedule: Schedule | undefined, type: 'Practitioner' | 'Location', included: ReadonlyMap<string, FhirResource>): NamedRef | null {
  const ref = schedule?.actor.find((a) => refId(a, type) !== null);
  const id = refId(ref, type);
  if (!ref || !id) return null;
  const found = included.get(`${type}/${id}`);
  const name = found?.resourceType === 'Practitioner' ? practitionerName(found) : found?.resourceType === 'Location' ? (found.name ?? null) : null;
  return { id, name: name ?? ref.display ?? null };
}

/** The slots of a search answer (matches and includes), as the agent is offered them; `malformed` counts those left out. */
export function slotViews(slots: readonly FhirResource[], included: readonly FhirResource[]): { slots: SlotView[]; malformed: number } {
  const byRef = new Map(included.filter((r) => r.id).map((r) => [`${r.resourceType}/${r.id ?? ''}`, r]));
  const views: SlotView[] = [];
  let malformed = 0;
  for (const raw of slots) {
    const parsed = SlotShape.safeParse(raw);
    if (!parsed.success || Date.parse(parsed.data.start) >= Date.parse(parsed.data.end)) {
      malformed += 1;
      continue;
    }
    const slot = raw as Slot;
    const found = byRef.get(parsed.data.schedule.reference);
    const schedule = found?.resourceType === 'Schedule' ? found : undefined;
    const coding = slot.serviceType?.[0]?.coding?.[0] ?? schedule?.serviceType?.[0]?.coding?.[0];
    views.push({
      id: parsed.data.id,
      version: parsed.data.meta.versionId,
      start: new Date(parsed.data.start).toISOString(),
      end: new Date(parsed.data.end).toISOString(),
      serviceType: coding?.code ? { code: coding.code, display: coding.display ?? null } : null,
      practitioner: actorOf(schedule, 'Practitioner', byRef),
      location: actorOf(schedule, 'Location', byRef),
      instructions: slot.comment ?? schedule?.comment ?? null,
    });
  }
  return { slots: views, malformed };
}

/** The slot as it is once taken (or given back): everything the server holds, with the new status. */
export const slotWithStatus = (slot: Slot, status: 'busy' | 'free'): Slot => ({ ...slot, status });

/** A new appointment for `patientId` in `slot`, identified by the desk's client id (a retry finds it, never books twice). */
export function newAppointment(o: { clientId: string; patientId: string; slot: SlotView; reason?: string; rescheduledFrom?: string }): Appointment {
  return {
    resourceType: 'Appointment',
    identifier: [{ system: CLIENT_ID_SYSTEM, value: o.clientId }],
    status: 'booked',
    ...(o.slot.serviceType
      ? { serviceType: [{ coding: [{ code: o.slot.serviceType.code, ...(o.slot.serviceType.display ? { display: o.slot.serviceType.display } : {}) }] }] }
      : {}),
    start: o.slot.start,
    end: o.slot.end,
    slot: [{ reference: `Slot/${o.slot.id}` }],
    created: new Date().toISOString(),
    ...(o.reason ? { description: o.reason } : {}),
    ...(o.slot.instructions ? { patientInstruction: o.slot.instructions } : {}),
    ...(o.rescheduledFrom ? { comment: `Rescheduled from Appointment/${o.rescheduledFrom}` } : {}),
    participant: [
      { actor: { reference: `Patient/${o.patientId}` }, status: 'accepted', required: 'required' },
      ...(o.slot.practitioner ? [{ actor: named('Practitioner', o.slot.practitioner), status: 'accepted' as const, required: 'required' as const }] : []),
      ...(o.slot.location ? [{ actor: named('Location', o.slot.location), status: 'accepted' as const, required: 'required' as const }] : []),
    ],
  };
}

/** A reference to who or where, with the name the agent was offered (the patient view shows it). */
const named = (type: 'Practitioner' | 'Location', ref: NamedRef): Reference => ({ reference: `${type}/${ref.id}`, ...(ref.name ? { display: ref.name } : {}) });

/** The appointment cancelled, with the HL7 reason. */
export const cancelledAppointment = (a: Appointment, reason: CancelReason): Appointment => ({
  ...a,
  status: 'cancelled',
  cancelationReason: { coding: [{ system: CANCEL_REASON_SYSTEM, code: reason }] },
});

/** Whether `a` is this patient's (an agent acts only on the appointments of the patient in front of them). */
export const isPatientsAppointment = (a: Appointment, patientId: string): boolean => a.participant.some((p) => refId(p.actor, 'Patient') === patientId);

/** The slots an appointment holds (ids). */
export const slotIdsOf = (a: Appointment): string[] => (a.slot ?? []).map((s) => refId(s, 'Slot')).filter((id): id is string => id !== null);
