/**
 * The desk's writes to the organisation's FHIR server (the outbox), as the rest of the app sees them: which kind of
 * record a write is, how the outbox stands (for the EHR link status: "N changes waiting to be sent"), and a write the
 * server refused with a business answer (for the agent). None of it carries patient data: a failure names the kind of
 * record and the reason's code, never the record.
 */
import type { ErrorCode } from '../errors';

/** What the desk writes back: a call's wrap-up, a contact's figures (KPIs), a practice attempt, an audit event, an escalation's hand-off, a worklist task. */
export const WRITE_KINDS = ['wrap-up', 'contact', 'practice-attempt', 'audit-event', 'handoff', 'worklist-task'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** How the outbox to the FHIR server stands. */
export interface WriteBackStatus {
  /** Writes waiting to be sent (including those being sent now). */
  waiting: number;
  /** Writes the server refused with a business answer (conflict, refused), the agent's to resolve. */
  failed: number;
  /** When the oldest waiting write was made (null when none waits). */
  oldestWaitingAt: string | null;
  /** Writes being sent right now. */
  inFlight: number;
  /** Why the last try that did not go through failed (unreachable, 5xx, …), until a write goes through. */
  lastErrorCode: ErrorCode | null;
  /** When a write last went through. */
  lastDeliveredAt: string | null;
  /** Since when the tries have not gone through (the server unreachable, or refusing this desk): null once one goes. */
  failingSince: string | null;
}

/** A write the agent may look at: refused for good (`failed`) or waiting after tries that did not go through. No patient data. */
export interface OutboxProblem {
  jobId: string;
  kind: WriteKind | null;
  resourceType: string;
  operation: 'create' | 'update' | 'delete';
  state: 'failed' | 'waiting';
  /** Why its last try did not go through (an error code; null when unknown). */
  code: ErrorCode | null;
  attempts: number;
  /** When the write was made, and when it was last tried. */
  createdAt: string;
  lastTriedAt: string;
}

/** A write the server refused with a business answer: it is not retried, the agent is told. */
export interface WriteBackFailure {
  /** The write's own id (made by this desk, no patient data). */
  jobId: string;
  /** The kind of record (null when the write carries no kind this desk knows). */
  kind: WriteKind | null;
  resourceType: string;
  operation: 'create' | 'update' | 'delete';
  /** `ehrConflict` (409/412: someone changed it first), `ehrRefused` (400/422 and other refusals), `notFound`, `invalidArgument` (the job itself is unusable). */
  code: Extract<ErrorCode, 'ehrConflict' | 'ehrRefused' | 'notFound' | 'invalidArgument'>;
  at: string;
}
