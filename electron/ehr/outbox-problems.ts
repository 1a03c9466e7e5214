/**
 * The agent's view of the writes that cannot go: the FHIR outbox jobs refused for good (`failed`) and those still
 * waiting after tries that did not go through, listed without patient data (the kind of record, the resource type,
 * the reason's code, counts and times); one can be tried again now, or dismissed (given up) with the agent's reason,
 * which is audited. Changes are published through `changed` (the worker's status and the EHR link's counts follow).
 */
import type { OutboxProblem } from '../../shared/ehr/write-back';
import { CodedError, ERROR_CODES, type ErrorCode } from '../../shared/errors';
import type { AuditRepository } from '../cache/repositories/audit';
import type { OutboxJob, OutboxJobRepository } from '../cache/repositories/outbox-jobs';
import { writeKindOf } from './write-back-mapping';

/** The most problems listed at once (the oldest first). */
export const MAX_PROBLEMS_LISTED = 100;
const OPERATIONS = new Set(['create', 'update', 'delete']);
const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export interface OutboxProblemsOptions {
  jobs: OutboxJobRepository;
  audit: AuditRepository;
  /** After a retry or a dismissal: the worker looks at the table again and publishes its counts. */
  changed: () => void;
}

export class OutboxProblems {
  constructor(private readonly o: OutboxProblemsOptions) {}

  list(): OutboxProblem[] {
    return this.o.jobs.problems('fhir', MAX_PROBLEMS_LISTED).map(toProblem);
  }

  /** Tries the job again now (a failed one goes back to waiting). `notFound` when it is done or gone. */
  retry(jobId: string): void {
    this.fhirJob(jobId);
    if (!this.o.jobs.retryNow(jobId)) throw new CodedError('notFound', 'that write is no longer waiting');
    this.o.changed();
  }

  /** Gives the job up for good (it is never sent), audited with the agent's reason. `notFound` when it is done or gone. */
  dismiss(jobId: string, reason: string, actor: string): void {
    const job = this.fhirJob(jobId);
    if (!this.o.jobs.dismiss(jobId)) throw new CodedError('notFound', 'that write is no longer waiting');
    const p = toProblem(job);
    this.o.audit.recordOutboxDismissal(
      { jobId, resourceType: p.resourceType, operation: p.operation, kind: p.kind, code: p.code },
      { actor, reason: `write to the health record system given up: ${reason}` },
    );
    this.o.changed();
  }

  private fhirJob(jobId: string): OutboxJob {
    const job = this.o.jobs.byClientId(jobId);
    if (!job || job.destination !== 'fhir' || (job.status !== 'pending' && job.status !== 'failed'))
      throw new CodedError('notFound', 'no such write is waiting');
    return job;
  }
}

function toProblem(job: OutboxJob): OutboxProblem {
  let kind: OutboxProblem['kind'] = null;
  try {
    kind = writeKindOf(JSON.parse(job.payload));
  } catch {
    // An unreadable payload names no kind.
  }
  return {
    jobId: job.clientId,
    kind,
    resourceType: job.resourceType ?? 'unknown',
    operation: (OPERATIONS.has(job.operation) ? job.operation : 'create') as OutboxProblem['operation'],
    state: job.status === 'failed' ? 'failed' : 'waiting',
    code: job.lastError && CODES.has(job.lastError) ? (job.lastError as ErrorCode) : null,
    attempts: job.attempts,
    createdAt: job.createdAt,
    lastTriedAt: job.updatedAt,
  };
}
