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
      .refine((ts) => ESCALATIONS.every((e) => ts.some((t) => t.id === e)), { error: 'every escalation needs a target' }),
    /** How long a warm or conference target rings before the agent is back with the caller (default 30). */
    ringSeconds: z.number().int().min(2).max(120).optional(),
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
    /** Sent again when the escalation did not happen (nobody answered, or the conference had no audio). */
    outcome: z.enum(['unanswered', 'mediaFailed']).optional(),
    /** When the escalated call started (answered, else offered): which call it is, for the lead. Absent from older desktops. */
    callStartedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type EscalationNotice = z.infer<typeof EscalationNoticeSchema>;

/**
 * Where an escalation stands, pushed to the agent's page as it happens: the script the agent reads
 * follows what actually happened, never what was hoped for.
 * - calling: the target is being rung (warm, conference); the caller waits on hold.
 * - connected: a warm target answered; the agent talks to them first.
 * - conferenced: the target is joined with the caller, and the agent stays on.
 * - transferred: a blind transfer was handed to the target.
 * - unanswered: the target did not answer in time, refused, or was unavailable; the agent is back
 *   with the caller.
 * - mediaFailed: the target answered but the conference carried no audio; the target's leg was
 *   dropped and the agent is back with the caller.
 */
export const ESCALATION_STAGES = ['calling', 'connected', 'conferenced', 'transferred', 'unanswered', 'mediaFailed'] as const;
export type EscalationStage = (typeof ESCALATION_STAGES)[number];

export interface EscalationProgress {
  /** The caller's call. */
  callId: string;
  escalation: Escalation;
  kind: 'blind' | 'warm' | 'conference';
  stage: EscalationStage;
  /** The call to the target (warm and conference). */
  targetCallId: string | null;
}
