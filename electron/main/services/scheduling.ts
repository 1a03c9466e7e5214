/**
 * Scheduling from the patient view, for the caller on the agent's call: free slots searched, an appointment booked,
 * moved or cancelled on the site's FHIR server (through the ScheduleBook). Every action needs the caller verified
 * for the patient with the appointments section unlocked, and every one goes in the audit trail (refused and failed
 * ones too, with their code). Without an EHR connection every action fails with `ehrNotConfigured`.
 */
import type {
  BookingOutcome,
  BookRequest,
  CancelledAppointment,
  CancelRequest,
  RescheduleRequest,
  SlotQuery,
  SlotSearchResult,
} from '../../../shared/domain/scheduling';
import { CodedError, codeOf } from '../../../shared/errors';
import type { AuditRepository, SchedulingRecord } from '../../cache/repositories/audit';
import type { ScheduleBook } from '../../scheduling/schedule-book';
import type { VerificationService } from './verification';

export interface SchedulingServiceOptions {
  /** The site's schedule on its FHIR server, or null when the desk has no EHR connection. */
  book: ScheduleBook | null;
  verification: Pick<VerificationService, 'requireSection'>;
  audit: AuditRepository;
  /** Who is at this workstation: the actor of every audit row. */
  actor: () => string;
}

type Action = SchedulingRecord['action'];
/** What an action's audit row says once it has run (its outcome is success unless `failed`). */
type Told = { references: string[]; detail: Record<string, string | number>; failed?: boolean };

const bookingTold = (references: string[], outcome: BookingOutcome): Told =>
  outcome.ok
    ? { references: [...references, `Appointment/${outcome.booked.appointmentId}`], detail: { outcome: 'booked' } }
    : { references, detail: { outcome: outcome.reason, offered: outcome.next ? `Slot/${outcome.next.id}` : 'none' }, failed: true };

export class SchedulingService {
  constructor(private readonly o: SchedulingServiceOptions) {}

  /** Free slots for the patient on the line, the earliest first (the first is "the next available"). */
  findSlots(patientId: string, query: SlotQuery): Promise<SlotSearchResult> {
    return this.run(
      patientId,
      'search',
      [],
      (book) => book.findSlots(query),
      (found) => ({
        references: [],
        detail: { found: found.slots.length, malformed: found.malformed, ...(query.serviceType ? { serviceType: query.serviceType } : {}) },
      }),
    );
  }

  book(req: BookRequest): Promise<BookingOutcome> {
    const refs = [`Slot/${req.slotId}`];
    return this.run(
      req.patientId,
      'book',
      refs,
      (book) => book.book(req),
      (outcome) => bookingTold(refs, outcome),
    );
  }

  reschedule(req: RescheduleRequest): Promise<BookingOutcome> {
    const refs = [`Appointment/${req.appointmentId}`, `Slot/${req.slotId}`];
    return this.run(
      req.patientId,
      'move',
      refs,
      (book) => book.reschedule(req),
      (outcome) => bookingTold(refs, outcome),
    );
  }

  cancel(req: CancelRequest): Promise<CancelledAppointment> {
    const refs = [`Appointment/${req.appointmentId}`];
    return this.run(
      req.patientId,
      'cancel',
      refs,
      (book) => book.cancel(req),
      () => ({ references: refs, detail: { reason: req.reason } }),
    );
  }

  /** Gates, runs and audits one action: refused (not verified) → denied; thrown → failed with its code; else as `told` says. */
  private async run<T>(patientId: string, action: Action, references: string[], act: (book: ScheduleBook) => Promise<T>, told: (value: T) => Told): Promise<T> {
    const record = (outcome: SchedulingRecord['outcome'], t: Omit<Told, 'failed'>) =>
      this.o.audit.recordScheduling({ patientId, action, outcome, ...t }, { actor: this.o.actor(), reason: `scheduling: ${action}` });
    try {
      this.o.verification.requireSection(patientId, 'appointments');
    } catch (err) {
      record('denied', { references, detail: { code: codeOf(err) } });
      throw err;
    }
    let value: T;
    try {
      if (!this.o.book) throw new CodedError('ehrNotConfigured', 'this desk has no EHR connection: scheduling needs the site’s FHIR server');
      value = await act(this.o.book);
    } catch (err) {
      record('failed', { references, detail: { code: codeOf(err) } });
      throw err;
    }
    const t = told(value);
    record(t.failed ? 'failed' : 'success', t);
    return value;
  }
}
