/**
 * The organisation's schedule, on its FHIR server: free slots found, appointments booked, moved and cancelled.
 *
 * No double booking, without a lock of our own: a booking is one FHIR transaction that updates the Slot to busy
 * with `If-Match` on the version the agent was offered and creates the Appointment (conditionally, on the desk's
 * client id). Two desks that pick the same slot send the same If-Match; the server applies one and refuses the other
 * (409/412, the whole transaction rolled back), and the refused desk is offered the next free slot of the same
 * schedule at once. A retry after a lost answer finds its appointment by the client id and never books twice.
 * Moving and cancelling are transactions too: the old appointment (If-Match on the version the agent saw) and the
 * slots it held change together with the new ones, or nothing changes.
 */
import type { Appointment, Bundle, BundleEntry, FhirResource, Slot } from 'fhir/r4';
import { CodedError, codeOf } from '../../shared/errors';
import type { BookingOutcome, BookRequest, CancelRequest, RescheduleRequest, SlotQuery, SlotView } from '../../shared/domain/scheduling';
import type { FhirClient } from '../ehr/fhir-client';
import { CLIENT_ID_SYSTEM } from '../ehr/write-back-mapping';
import { cancelledAppointment, isPatientsAppointment, newAppointment, slotIdsOf, slotViews, slotWithStatus } from './slot-mapping';

/** What the desk's cache is told after a write (the resources as the server now holds them). */
export type OnWritten = (resources: FhirResource[]) => void;

const DEFAULT_LIMIT = 10;
const SLOT_INCLUDES = { _include: 'Slot:schedule', '_include:iterate': 'Schedule:actor' };

export class ScheduleBook {
  constructor(
    private readonly client: FhirClient,
    private readonly onWritten: OnWritten = () => undefined,
  ) {}

  /** Free slots in the range, the earliest first (the first is "the next available"); `malformed` counts slots left out. */
  async findSlots(q: SlotQuery): Promise<{ slots: SlotView[]; malformed: number }> {
    const actors = [...(q.practitionerId ? [`Practitioner/${q.practitionerId}`] : []), ...(q.locationId ? [`Location/${q.locationId}`] : [])];
    const limit = q.limit ?? DEFAULT_LIMIT;
    const found = await this.client.search<Slot>(
      'Slot',
      {
        status: 'free',
        start: [`ge${q.from}`, `le${q.to}`],
        _sort: 'start',
        _count: limit,
        ...SLOT_INCLUDES,
        ...(q.serviceType ? { 'service-type': q.serviceType } : {}),
        ...(actors.length ? { 'schedule.actor': actors } : {}),
      },
      { maxPages: 1, maxResources: limit },
    );
    return slotViews(found.resources, found.included);
  }

  /** Books the slot for the patient, or says it was taken and offers the next free one of the same schedule. */
  async book(req: BookRequest): Promise<BookingOutcome> {
    const mine = await this.appointmentByClientId(req.clientId);
    if (mine) return { ok: true, booked: await this.bookedView(mine) };
    const offered = await this.slotAsOffered(req.slotId, req.slotVersion);
    if (!offered) return { ok: false, reason: 'slotTaken', next: await this.nextFreeAfter(req.slotId) };
    const appointment = newAppointment({ clientId: req.clientId, patientId: req.patientId, slot: offered.view, ...(req.reason ? { reason: req.reason } : {}) });
    return this.settle(req, [takeSlot(offered.slot, req.slotVersion), createOnce(appointment, req.clientId)]);
  }

  /** Moves the patient's appointment to the slot: the old one cancelled and its slot freed, the new slot taken, in one transaction. */
  async reschedule(req: RescheduleRequest): Promise<BookingOutcome> {
    const mine = await this.appointmentByClientId(req.clientId);
    if (mine) return { ok: true, booked: await this.bookedView(mine) };
    const old = await this.patientsAppointment(req.patientId, req.appointmentId, req.appointmentVersion);
    const offered = await this.slotAsOffered(req.slotId, req.slotVersion);
    if (!offered) return { ok: false, reason: 'slotTaken', next: await this.nextFreeAfter(req.slotId) };
    const freed = await this.slotsOf(old);
    const appointment = newAppointment({ clientId: req.clientId, patientId: req.patientId, slot: offered.view, rescheduledFrom: req.appointmentId });
    const moved = await this.settle(
      req,
      [
        replace(cancelledAppointment(old, 'pat'), req.appointmentVersion),
        ...freed.map((s) => replace(slotWithStatus(s, 'free'), s.meta?.versionId ?? '')),
        takeSlot(offered.slot, req.slotVersion),
        createOnce(appointment, req.clientId),
      ],
      async () => {
        // Not our write, and the slot still as offered: what changed was the appointment being moved.
        if (await this.slotAsOffered(req.slotId, req.slotVersion))
          throw new CodedError('ehrConflict', 'the appointment changed on the server since it was read');
      },
    );
    if (moved.ok) this.onWritten([await this.client.read<Appointment>('Appointment', req.appointmentId)]);
    return moved;
  }

  /**
   * Sends the booking's transaction. Refused (409/412): our own earlier write whose answer was lost (found by the
   * client id), else `otherChange` may throw for a change other than the slot, else the slot was taken: the next
   * free one is offered.
   */
  private async settle(req: { clientId: string; slotId: string }, entries: BundleEntry[], otherChange?: () => Promise<void>): Promise<BookingOutcome> {
    try {
      await this.client.transaction(transaction(entries));
    } catch (err) {
      if (codeOf(err) !== 'ehrConflict') throw err;
      const after = await this.appointmentByClientId(req.clientId);
      if (after) return { ok: true, booked: await this.bookedView(after) };
      await otherChange?.();
      return { ok: false, reason: 'slotTaken', next: await this.nextFreeAfter(req.slotId) };
    }
    const booked = await this.appointmentByClientId(req.clientId);
    if (!booked) throw new CodedError('ehrBadResponse', 'the server accepted the booking but does not return the appointment');
    return { ok: true, booked: await this.bookedView(booked) };
  }

  /** Cancels the patient's appointment with the reason and gives its slots back, in one transaction. */
  async cancel(req: CancelRequest): Promise<{ appointmentId: string; appointmentVersion: string }> {
    const old = await this.patientsAppointment(req.patientId, req.appointmentId, req.appointmentVersion);
    if (old.status === 'cancelled') return { appointmentId: req.appointmentId, appointmentVersion: req.appointmentVersion };
    const freed = await this.slotsOf(old);
    await this.client.transaction(
      transaction([
        replace(cancelledAppointment(old, req.reason), req.appointmentVersion),
        ...freed.map((s) => replace(slotWithStatus(s, 'free'), s.meta?.versionId ?? '')),
      ]),
    );
    const now = await this.client.read<Appointment>('Appointment', req.appointmentId);
    this.onWritten([now]);
    return { appointmentId: req.appointmentId, appointmentVersion: now.meta?.versionId ?? '' };
  }

  /** The slot with its schedule, if the server still holds the version offered and it is free. */
  private async slotAsOffered(slotId: string, version: string): Promise<{ slot: Slot; view: SlotView } | null> {
    const found = await this.client.search<Slot>('Slot', { _id: slotId, ...SLOT_INCLUDES }, { maxPages: 1, maxResources: 1 });
    const slot = found.resources[0];
    const view = slotViews(found.resources, found.included).slots[0];
    if (!slot || !view || slot.status !== 'free' || view.version !== version) return null;
    return { slot, view };
  }

  /** The next free slot of the same schedule from the same start (what to offer when a slot was taken). */
  private async nextFreeAfter(slotId: string): Promise<SlotView | null> {
    const taken = await this.client.read<Slot>('Slot', slotId);
    const found = await this.client.search<Slot>(
      'Slot',
      { status: 'free', schedule: taken.schedule.reference ?? '', start: `ge${taken.start}`, _sort: 'start', _count: 1, ...SLOT_INCLUDES },
      { maxPages: 1, maxResources: 1 },
    );
    return slotViews(found.resources, found.included).slots[0] ?? null;
  }

  private async appointmentByClientId(clientId: string): Promise<Appointment | null> {
    const found = await this.client.search<Appointment>('Appointment', { identifier: `${CLIENT_ID_SYSTEM}|${clientId}` }, { maxPages: 1, maxResources: 2 });
    return found.resources[0] ?? null;
  }

  /** The appointment, if it is this patient's and still at the version the agent saw (else a clear conflict). */
  private async patientsAppointment(patientId: string, id: string, version: string): Promise<Appointment> {
    const a = await this.client.read<Appointment>('Appointment', id);
    if (!isPatientsAppointment(a, patientId)) throw new CodedError('notFound', 'no such appointment for this patient');
    if (a.meta?.versionId !== version) throw new CodedError('ehrConflict', 'the appointment changed on the server since it was read');
    return a;
  }

  private async slotsOf(a: Appointment): Promise<Slot[]> {
    return Promise.all(slotIdsOf(a).map((id) => this.client.read<Slot>('Slot', id)));
  }

  private async bookedView(a: Appointment): Promise<{ appointmentId: string; appointmentVersion: string; slot: SlotView }> {
    const slotId = slotIdsOf(a)[0];
    if (!a.id || !slotId) throw new CodedError('ehrBadResponse', 'the appointment has no id or slot');
    const found = await this.client.search<Slot>('Slot', { _id: slotId, ...SLOT_INCLUDES }, { maxPages: 1, maxResources: 1 });
    const slot = slotViews(found.resources, found.included).slots[0];
    if (!slot) throw new CodedError('ehrBadResponse', 'the appointment names a slot the server does not return');
    this.onWritten([a, ...found.resources]);
    return { appointmentId: a.id, appointmentVersion: a.meta?.versionId ?? '', slot };
  }
}

const byClientId = (clientId: string): string => `identifier=${CLIENT_ID_SYSTEM}|${clientId}`;

/** Created unless the desk's earlier attempt already made it. */
const createOnce = (appointment: Appointment, clientId: string): BundleEntry => ({
  resource: appointment,
  request: { method: 'POST', url: 'Appointment', ifNoneExist: byClientId(clientId) },
});

function replace(resource: Slot | Appointment, version: string): BundleEntry {
  if (!resource.id || !version) throw new CodedError('ehrBadResponse', `a ${resource.resourceType} without an id or version`);
  return { resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}`, ifMatch: `W/"${version}"` } };
}

const takeSlot = (slot: Slot, offeredVersion: string): BundleEntry => replace(slotWithStatus(slot, 'busy'), offeredVersion);

const transaction = (entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry });
