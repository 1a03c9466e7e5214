/**
 * Escalation targets, as data (`assets/escalation/targets.json`, edited by the site): who each button
 * reaches and how. `blind` hands the caller over; `warm` puts the caller on hold while the agent
 * talks to the target first; `conference` brings the target in with the agent staying on the line
 * (the crisis counsellor: the agent stays until the counsellor answers and beyond).
 */
import { z } from 'zod';
import { DialNumberSchema } from '../domain/call';

export const ESCALATIONS = ['supervisor', 'nurseTriage', 'crisisCounsellor', 'billingSpecialist', 'privacyOfficer'] as const;
export type Escalation = (typeof ESCALATIONS)[number];

export const ESCALATION_REASONS = ['callerRequest', 'clinicalQuestion', 'distress', 'billingDispute', 'privacyConcern', 'complaint', 'other'] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

export const EscalationConfigSchema = z
  .object({
    targets: z
      .array(z.object({ id: z.enum(ESCALATIONS), kind: z.enum(['blind', 'warm', 'conference']), target: DialNumberSchema }).strict())
      .refine((ts) => ESCALATIONS.every((e) => ts.some((t) => t.id === e)), { message: 'every escalation needs a target' }),
  })
  .strict();
export type EscalationConfig = z.infer<typeof EscalationConfigSchema>;

/** What the lead's desktop receives: no patient data, only who escalated what and why. Validated on arrival. */
export const EscalationNoticeSchema = z
  .object({
    type: z.literal('carefront.escalation'),
    escalation: z.enum(ESCALATIONS),
    reason: z.enum(ESCALATION_REASONS),
    agent: z.string().max(200),
    callId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    at: z.iso.datetime({ offset: true }),
    /** When the escalated call started (answered, else offered): which call it is, for the lead. Absent from older desktops. */
    callStartedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type EscalationNotice = z.infer<typeof EscalationNoticeSchema>;
