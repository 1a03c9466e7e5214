import { z } from 'zod';

/**
 * Why the caller is calling, as the agent picks it on a live call: it chooses the step-by-step guide, the
 * knowledge base's suggestions, and is kept with the wrap-up. One list, used by all three.
 */
export const CALL_REASONS = ['booking', 'rescheduling', 'billingQuestion', 'referralStatus', 'prescriptionRefill', 'recordsRequest', 'complaint'] as const;
export const CallReasonSchema = z.enum(CALL_REASONS);
export type CallReason = z.infer<typeof CallReasonSchema>;
