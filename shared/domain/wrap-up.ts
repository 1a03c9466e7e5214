/** After-call work: what the agent records when a call ends. Saved as a FHIR Communication. */
import { z } from 'zod';
import { DispositionCode, DISPOSITIONS } from './dispositions';
import { FhirId } from './patient';
import { CallReasonSchema } from './call-reasons';
import { GuideProgressSchema } from '../guides/progress';

/** A disposition's code; what each means is in the data file (see ./dispositions.ts). */
export type Disposition = string;

export const WrapUpSchema = z
  .object({
    callId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .nullable(),
    patientId: FhirId.nullable(),
    disposition: DispositionCode.refine((code) => DISPOSITIONS.has(code), { error: 'not a disposition of assets/wrap-up/dispositions.json' }),
    notes: z.string().max(4000),
    /** A callback the agent promised: ISO date-time in the future. */
    followUpAt: z.iso.datetime({ offset: true }).nullable(),
    /** Send the patient-satisfaction survey after this call. */
    survey: z.boolean(),
    handleSeconds: z.number().int().min(0).max(86_400),
    afterCallSeconds: z.number().int().min(0).max(86_400),
    /** The agent marked the contact as about sensitive care: labelled, and withheld from proxies like the care itself. */
    sensitive: z.boolean().optional(),
    /** The reason for the call the agent picked on it (none picked: absent or null). */
    callReason: CallReasonSchema.nullable().optional(),
    /** How far the agent went through that reason's guide (main checks it against the guide). */
    guide: GuideProgressSchema.optional(),
    /** The caller was abusive: care for the agent (a short reset is offered, the lead is told). Never stored with the contact. */
    abusiveCaller: z.boolean().optional(),
  })
  .strict()
  .refine((w) => w.guide === undefined || w.guide.guide === w.callReason, { error: 'the guide must be the call reason’s', path: ['guide'] })
  .refine((w) => !DISPOSITIONS.requiresFollowUp(w.disposition) || w.followUpAt !== null, { error: 'a follow-up needs a callback time', path: ['followUpAt'] });
export type WrapUp = z.infer<typeof WrapUpSchema>;

export interface WrapUpSaved {
  communicationId: string;
  savedAt: string;
}
