/**
 * Scheduling from the patient view: free slots found on the organisation's FHIR server, an appointment booked,
 * moved or cancelled there. What crosses the IPC boundary is declared here once (the schemas validate every
 * argument in main); the FHIR shapes are in electron/scheduling.
 */
import { z } from 'zod';
import { FhirId } from './patient';

/** A FHIR version id (`meta.versionId`), as the server gives it; sent back with If-Match. */
export const VersionId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
/** A code from the organisation's service types (e.g. a SNOMED or local code). */
const ServiceTypeCode = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);
/** How far ahead a search may look in one go. */
export const MAX_SEARCH_DAYS = 120;

export const SlotQuerySchema = z
  .object({
    serviceType: ServiceTypeCode.optional(),
    practitionerId: FhirId.optional(),
    locationId: FhirId.optional(),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** At most this many slots, the earliest first ("next available" is the first). */
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict()
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: 'the range must end after it starts', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SEARCH_DAYS * 86_400_000, {
    error: `a search covers at most ${MAX_SEARCH_DAYS} days`,
    path: ['to'],
  });
export type SlotQuery = z.infer<typeof SlotQuerySchema>;

export interface NamedRef {
  id: string;
  name: string | null;
}

/** A free slot as the agent offers it. */
export interface SlotView {
  id: string;
  /** The slot's version when it was read: booking it needs the server to still hold this one. */
  version: string;
  start: string;
  end: string;
  serviceType: { code: string; display: string | null } | null;
  practitioner: NamedRef | null;
  location: NamedRef | null;
  /** What the patient is told to do for this visit (the slot's or schedule's comment), to read out. */
  instructions: string | null;
}

/** The HL7 appointment cancellation reasons an agent picks from (http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason). */
export const CANCEL_REASONS = ['pat', 'pat-cpp', 'pat-fb', 'pat-mt', 'prov', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Made by the desk for each action, so a retry after a lost answer never books twice. */
const ClientId = z.uuid();

export const BookSchema = z
  .object({
    clientId: ClientId,
    patientId: FhirId,
    slotId: FhirId,
    slotVersion: VersionId,
    /** Why the patient is coming, in the caller's words (kept on the appointment). */
    reason: z.string().trim().max(500).optional(),
  })
  .strict();
export type BookRequest = z.infer<typeof BookSchema>;

export const RescheduleSchema = z
  .object({
    clientId: ClientId,
    patientId: FhirId,
    appointmentId: FhirId,
    appointmentVersion: VersionId,
    slotId: FhirId,
    slotVersion: VersionId,
  })
  .strict();
export type RescheduleRequest = z.infer<typeof RescheduleSchema>;

export const CancelSchema = z
  .object({
    patientId: FhirId,
    appointmentId: FhirId,
    appointmentVersion: VersionId,
    reason: z.enum(CANCEL_REASONS),
  })
  .strict();
export type CancelRequest = z.infer<typeof CancelSchema>;

export interface BookedAppointment {
  appointmentId: string;
  appointmentVersion: string;
  slot: SlotView;
}

/**
 * A booking's answer. `slotTaken`: another desk took the slot first (the server refused our version of it);
 * `next` is the next free slot for the same search, to offer at once.
 */
export type BookingOutcome = { ok: true; booked: BookedAppointment } | { ok: false; reason: 'slotTaken'; next: SlotView | null };

/** A slot search's answer: the free slots, earliest first; `malformed` counts slots the server sent that were left out. */
export interface SlotSearchResult {
  slots: SlotView[];
  malformed: number;
}

/** A cancellation's answer: the appointment as the server now holds it. */
export interface CancelledAppointment {
  appointmentId: string;
  appointmentVersion: string;
}
