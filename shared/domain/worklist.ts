/**
 * The team's shared worklist, as the page sees it: callbacks, billing disputes and referral follow-ups, kept on the
 * organisation's FHIR server as `Task`s (electron/worklist/task-mapping.ts says how), so every desk of the team sees
 * the same list. An agent claims an item (nobody else can then), dials the number from it and completes it with an
 * outcome; an item claimed and not worked goes back to its pool after the time the site's policy sets.
 *
 * The item carries what it takes to call back (the patient's name and the number) and nothing clinical.
 */
import { z } from 'zod';
import { FOLLOW_UP_KINDS, type FollowUpKind } from './dispositions';
import { FhirId } from './patient';

/** What an item is: the kinds of follow-up the dispositions file names. */
export const WORKLIST_KINDS = FOLLOW_UP_KINDS;
export type WorklistKind = FollowUpKind;

/** The pool an item is routed to (the team that works it), by kind. */
export const WORKLIST_POOLS = ['callbacks', 'billing', 'referrals'] as const;
export type WorklistPool = (typeof WORKLIST_POOLS)[number];
export const POOL_OF_KIND: Readonly<Record<WorklistKind, WorklistPool>> = {
  callback: 'callbacks',
  'billing-dispute': 'billing',
  'referral-follow-up': 'referrals',
};

/** Why a callback exists: promised in a wrap-up, a call that rang and nobody answered, a caller who gave up in the queue. */
export const WORKLIST_ORIGINS = ['promised', 'unanswered', 'abandoned'] as const;
export type WorklistOrigin = (typeof WORKLIST_ORIGINS)[number];

/** How an item ended, as the agent says when completing it. */
export const WORKLIST_OUTCOMES = ['reached', 'leftMessage', 'noAnswer', 'wrongNumber', 'resolvedOtherwise'] as const;
export type WorklistOutcome = (typeof WORKLIST_OUTCOMES)[number];

/** Who holds an item: the pool (nobody has claimed it) or one agent (`mine`: the agent at this desk). */
export type WorklistOwner = { kind: 'pool'; pool: WorklistPool } | { kind: 'agent'; agent: string; mine: boolean };

export interface WorklistItem {
  /** The Task's id on the server, and the version the desk read (a claim expects it). */
  id: string;
  version: string;
  kind: WorklistKind;
  pool: WorklistPool;
  origin: WorklistOrigin | null;
  /** When it is due (ISO), null when no time was given. */
  due: string | null;
  overdue: boolean;
  /** The patient, when known (an unanswered call from an unknown number has none). */
  patient: { id: string; name: string | null } | null;
  /** The number to call back, as the desk can dial it. */
  number: string | null;
  owner: WorklistOwner;
  /** When the current owner claimed it (null while it is in its pool). */
  claimedAt: string | null;
  status: 'open' | 'claimed';
  createdAt: string | null;
  /** What a billing dispute or referral follow-up is about: the Invoice or ServiceRequest on the server (null: none). */
  focus: WorklistFocus | null;
  /** Why it was raised, in the agent's words (a disputed charge's reason); null when none was given. */
  reason: string | null;
}

/** The resource a billing dispute or referral follow-up is about. */
export const FOCUS_TYPES = ['Invoice', 'ServiceRequest'] as const;
export type WorklistFocus = { type: (typeof FOCUS_TYPES)[number]; id: string };

/** The shortest and longest reason an agent may give for a disputed charge or a referral to follow up. */
export const FOCUSED_REASON_LENGTH = { min: 3, max: 280 } as const;
export const FocusedReasonSchema = z
  .string()
  .trim()
  .min(FOCUSED_REASON_LENGTH.min)
  .max(FOCUSED_REASON_LENGTH.max)
  .regex(/^[^\p{Cc}]+$/u, 'a reason without control characters');

/** The list as the desk shows it: overdue first, then by due time (no due time last). */
export interface WorklistView {
  /** False when the site has no FHIR server: the worklist lives there, so there is none to show. */
  configured: boolean;
  items: WorklistItem[];
  /** Tasks the server returned that were not well formed: left out, counted. */
  malformed: number;
  /** Claims not worked within the policy's time that this read gave back to their pools. */
  released: number;
  /** False when a bound stopped the read before the last page. */
  complete: boolean;
  readAt: string;
  /** How often an open list is read again (the team's policy), in seconds. */
  refreshSeconds: number;
}

/** A claim, release or completion: done, or refused because another agent got there first (the list as it now is). */
/**
 * An action's answer. Done: the item as it now is (null: it left the list, e.g. completed), for the page to update in
 * place (a list of thousands is not read again for one claim). Refused: why, with the list as it now is (who holds it).
 */
export type WorklistActionResult =
  { ok: true; item: WorklistItem | null } | { ok: false; reason: 'claimedByOther' | 'changed' | 'notYours' | 'gone'; list: WorklistView };

const Version = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR version id');
const TaskRef = { taskId: FhirId, version: Version };

export const WorklistListArgs = z.object({}).strict();
export const WorklistClaimArgs = z.object(TaskRef).strict();
export const WorklistReleaseArgs = z.object(TaskRef).strict();
export const WorklistCompleteArgs = z
  .object({
    ...TaskRef,
    outcome: z.enum(WORKLIST_OUTCOMES),
  })
  .strict();

/**
 * An item raised from the patient view on a caller's call: a billing dispute about one of the patient's invoices (the
 * reason is required), or a follow-up of one of their referrals (a reason is optional). Main checks the caller is
 * verified for the section on the call and that the resource is the patient's, on the server.
 */
export const WorklistRaiseArgs = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('billing-dispute'), patientId: FhirId, invoiceId: FhirId, reason: FocusedReasonSchema }).strict(),
  z.object({ kind: z.literal('referral-follow-up'), patientId: FhirId, serviceRequestId: FhirId, reason: FocusedReasonSchema.optional() }).strict(),
]);
export type WorklistRaiseRequest = z.infer<typeof WorklistRaiseArgs>;

/** A raised item is in the desk's outbox: it reaches the team's list once the server has it. */
export interface WorklistRaised {
  clientId: string;
  kind: WorklistKind;
  focus: WorklistFocus;
  due: string;
}

/** Overdue first, then the earliest due, then the oldest; items with no due time after those with one. */
export function compareWorklistItems(a: WorklistItem, b: WorklistItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const due = (i: WorklistItem) => (i.due === null ? Number.POSITIVE_INFINITY : Date.parse(i.due));
  const byDue = due(a) - due(b);
  if (byDue !== 0 && !Number.isNaN(byDue)) return byDue;
  return (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id);
}
