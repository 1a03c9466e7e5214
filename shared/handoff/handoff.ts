/**
 * A hand-off: what the sending desk established about the caller, written to the site's FHIR server before an
 * escalation rings its target, so the receiving desk pops the same patient and the caller is not asked again.
 * Only the kinds of identifiers that matched travel, never their values. The receiving desk trusts a hand-off only
 * when the server holds it, it is recent, its id is the one the call carried, and its sender is the SIP user the SIP
 * server asserted for the call (electron/main/services/handoff.ts).
 */
import { z } from 'zod';
import { ESCALATIONS, ESCALATION_REASONS, type Escalation, type EscalationReason } from '../escalation/targets';
import { IDENTIFIERS, type Identifier } from '../verification/policy';
import type { CallerChoice } from '../domain/patient';

/** The SIP header a consult INVITE carries the hand-off id in (the SIP server authenticates such INVITEs). */
export const HANDOFF_HEADER = 'X-Carefront-Handoff';
/**
 * On a blind transfer's INVITE (placed by the caller's phone, not by the desk that wrote the record), the SIP server's
 * word for which authenticated desk referred the call with that hand-off. The server removes any a client wrote.
 */
export const HANDOFF_SENDER_HEADER = 'X-Carefront-Handoff-Sender';

export const HandoffIdSchema = z.uuid();

/** The longest note the sending agent may hand over. */
export const MAX_HANDOFF_NOTES = 2000;
export const HandoffNotesSchema = z.string().max(MAX_HANDOFF_NOTES);

/** What the sending desk hands over (the FHIR mapping writes and reads exactly this). */
export interface HandoffFacts {
  handoffId: string;
  patientId: string;
  /** The sending desk's SIP user: compared with the identity the SIP server asserts for the call. */
  senderSipUser: string;
  /** The sending agent, as the audit trail names them. */
  senderAgent: string;
  /** When the record was written. */
  sentAt: string;
  escalation: Escalation;
  reason: EscalationReason;
  notes: string;
  /** The caller's call on the sending desk. */
  callId: string;
  /** Who is calling: the patient, or a related person on file (by reference). */
  caller: { kind: 'self' } | { kind: 'proxy'; relatedPersonId: string | null };
  verification: {
    status: 'verified' | 'unverified' | 'failed';
    /** The kinds of identifiers that matched (never their values). */
    matched: Identifier[];
    /** When the caller was verified (null: not verified). */
    verifiedAt: string | null;
  };
}

export const HandoffFactsSchema = z
  .object({
    handoffId: HandoffIdSchema,
    patientId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
    senderSipUser: z.string().regex(/^[A-Za-z0-9+*#._~-]{1,64}$/),
    senderAgent: z.string().min(1).max(200),
    sentAt: z.iso.datetime({ offset: true }),
    escalation: z.enum(ESCALATIONS),
    reason: z.enum(ESCALATION_REASONS),
    notes: HandoffNotesSchema,
    callId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    caller: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('self') }).strict(),
      z
        .object({
          kind: z.literal('proxy'),
          relatedPersonId: z
            .string()
            .regex(/^[A-Za-z0-9\-.]{1,64}$/)
            .nullable(),
        })
        .strict(),
    ]),
    verification: z
      .object({
        status: z.enum(['verified', 'unverified', 'failed']),
        matched: z.array(z.enum(IDENTIFIERS)).max(IDENTIFIERS.length),
        verifiedAt: z.iso.datetime({ offset: true }).nullable(),
      })
      .strict(),
  })
  .strict() satisfies z.ZodType<HandoffFacts>;

/** Why a hand-off the call carried was not trusted (the call pops as an ordinary call). */
export const HANDOFF_REFUSALS = ['noServer', 'unreachable', 'notFound', 'malformed', 'stale', 'senderMismatch', 'notAsserted'] as const;
export type HandoffRefusal = (typeof HANDOFF_REFUSALS)[number];

/** What the receiving desk's page is told about a call that carried a hand-off. */
export type HandoffView =
  | { callId: string; status: 'unconfirmed'; refusal: HandoffRefusal }
  | {
      callId: string;
      status: 'confirmed';
      handoffId: string;
      /** The patient to open (what picks them, nothing protected). */
      patient: CallerChoice;
      senderAgent: string;
      sentAt: string;
      escalation: Escalation;
      reason: EscalationReason;
      notes: string;
      caller: HandoffFacts['caller'];
      verification: HandoffFacts['verification'];
      /** The policy asks the receiving agent to re-check one secret identifier before the record opens. */
      recheck: boolean;
    };
