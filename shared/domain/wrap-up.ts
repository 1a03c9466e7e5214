/** After-call work: what the agent records when a call ends. Saved as a FHIR Communication. */
import { z } from 'zod';
import { FhirId } from './patient';

export const DISPOSITIONS = [
  'resolved',
  'appointmentBooked',
  'appointmentRescheduled',
  'billingExplained',
  'referralStatusGiven',
  'followUpNeeded',
  'transferred',
  'escalated',
  'callerNotVerified',
  'wrongNumber',
  'dropped',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Dispositions that count as resolved on first contact (for the team-lead KPIs). */
export const FIRST_CONTACT_RESOLVED: readonly Disposition[] = [
  'resolved',
  'appointmentBooked',
  'appointmentRescheduled',
  'billingExplained',
  'referralStatusGiven',
];

export const WrapUpSchema = z
  .object({
    callId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .nullable(),
    patientId: FhirId.nullable(),
    disposition: z.enum(DISPOSITIONS),
    notes: z.string().max(4000),
    /** A callback the agent promised: ISO date-time in the future. */
    followUpAt: z.iso.datetime({ offset: true }).nullable(),
    /** Send the patient-satisfaction survey after this call. */
    survey: z.boolean(),
    handleSeconds: z.number().int().min(0).max(86_400),
    afterCallSeconds: z.number().int().min(0).max(86_400),
    /** The agent marked the contact as about sensitive care: labelled, and withheld from proxies like the care itself. */
    sensitive: z.boolean().optional(),
  })
  .strict()
  .refine((w) => w.disposition !== 'followUpNeeded' || w.followUpAt !== null, { message: 'a follow-up needs a callback time', path: ['followUpAt'] });
export type WrapUp = z.infer<typeof WrapUpSchema>;

export interface WrapUpSaved {
  communicationId: string;
  savedAt: string;
}
