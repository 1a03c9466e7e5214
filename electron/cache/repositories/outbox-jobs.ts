/**
 * The outbox (table `outbox_job`): one job per write this desk has to deliver somewhere else, kept
 * until it is delivered, given up or refused. Today's destination is the team leads (a notice as a
 * SIP MESSAGE); the FHIR write-back uses the same jobs with a resource, an operation, the version it
 * expects and its client identifier. Jobs with one ordering key go in the order they were made.
 */
import { must } from '../../../shared/must';
import { guardStore } from '../store-errors';
import type { Store } from '../store';

export type OutboxDestination = 'team-lead' | 'fhir';
export type OutboxOperation = 'notify' | 'create' | 'update' | 'delete';
export type OutboxStatus = 'pending' | 'done' | 'dropped' | 'failed';

export interface NewOutboxJob {
  /** Made by this desk, unique: a job made twice is kept once (and, for FHIR, the `If-None-Exist` identifier). */
  clientId: string;
  destination: OutboxDestination;
  /** A team lead's SIP user (team-lead jobs). */
  recipient?: string | null;
  /** The resource a FHIR job writes. */
  resourceType?: string | null;
  resourceId?: string | null;
  operation: OutboxOperation;
  payload: string;
  /** The version a FHIR update or delete expects (`If-Match`). */
  ifMatch?: string | null;
  /** Jobs with one key (one lead, one resource) are delivered in order. */
  orderingKey: string;
}

export interface OutboxJob extends Required<NewOutboxJob> {
  id: number;
  status: OutboxStatus;
  attempts: number;
  nextTryAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  client_id: string;
  destination: OutboxDestination;
  recipient: string | null;
  resource_type: string | null;
  resource_id: string | null;
  operation: OutboxOperation;
  payload: string;
  if_match: string | null;
  ordering_key: string;
  status: OutboxStatus;
  attempts: number;
  next_try_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const toJob = (r: Row): OutboxJob => ({
  id: r.id,
  clientId: r.client_id,
  destination: r.destination,
  recipient: r.recipient,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  operation: r.operation,
  payload: r.payload,
  ifMatch: r.if_match,
  orderingKey: r.ordering_key,
  status: r.status,
  attempts: r.attempts,
  nextTryAt: r.next_try_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class OutboxJobRepository {
  constructor(private readonly store: Store) {}

  /** Keeps a new job (pending). A job whose client id is already kept is left as it is. Returns the kept job. */
  enqueue(job: NewOutboxJob, now = new Date()): OutboxJob {
    const db = this.store.connection();
    return guardStore(() => {
      const at = now.toISOString();
      db.prepare(
        `INSERT INTO outbox_job (client_id, destination, recipient, resource_type, resource_id, operation, payload, if_match, ordering_key, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (client_id) DO NOTHING`,
      ).run(
        job.clientId,
        job.destination,
        job.recipient ?? null,
        job.resourceType ?? null,
        job.resourceId ?? null,
        job.operation,
        job.payload,
        job.ifMatch ?? null,
        job.orderingKey,
        at,
        at,
      );
      return toJob(must(db.prepare<[string], Row>('SELECT * FROM outbox_job WHERE client_id = ?').get(job.clientId), 'the outbox job just written'));
    });
  }

  /** The jobs still to deliver to `destination`, in the order they were made. */
  pending(destination: OutboxDestination): OutboxJob[] {
    const db = this.store.connection();
    return guardStore(() =>
      db.prepare<[string], Row>("SELECT * FROM outbox_job WHERE status = 'pending' AND destination = ? ORDER BY id").all(destination).map(toJob),
    );
  }

  /** Delivered (`done`), given up (`dropped`) or refused with a business answer for the agent (`failed`). */
  finish(clientId: string, status: Exclude<OutboxStatus, 'pending'>, error: string | null = null, now = new Date()): void {
    const db = this.store.connection();
    guardStore(() =>
      db
        .prepare(
          "UPDATE outbox_job SET status = ?, last_error = coalesce(?, last_error), next_try_at = NULL, updated_at = ? WHERE client_id = ? AND status = 'pending'",
        )
        .run(status, error, now.toISOString(), clientId),
    );
  }

  /** A try that did not go through: counted, with its error and when to try again. */
  retryLater(clientId: string, error: string, nextTryAt: Date, now = new Date()): void {
    const db = this.store.connection();
    guardStore(() =>
      db
        .prepare("UPDATE outbox_job SET attempts = attempts + 1, last_error = ?, next_try_at = ?, updated_at = ? WHERE client_id = ? AND status = 'pending'")
        .run(error, nextTryAt.toISOString(), now.toISOString(), clientId),
    );
  }

  /**
   * The jobs that may be tried now, at most `limit`, oldest first: of each ordering key only its first pending job
   * (so one resource's writes never overtake each other), and only when it is due (no next try, or its time has come;
   * a job being delivered holds a lease as its next try, so it is not due while the lease lasts).
   */
  due(destination: OutboxDestination, now: Date, limit: number): OutboxJob[] {
    const db = this.store.connection();
    return guardStore(() =>
      db
        .prepare<[string, string, number], Row>(
          `SELECT j.* FROM outbox_job j
           WHERE j.status = 'pending' AND j.destination = ?
             AND j.id = (SELECT min(k.id) FROM outbox_job k WHERE k.status = 'pending' AND k.destination = j.destination AND k.ordering_key = j.ordering_key)
             AND (j.next_try_at IS NULL OR j.next_try_at <= ?)
           ORDER BY j.id LIMIT ?`,
        )
        .all(destination, now.toISOString(), limit)
        .map(toJob),
    );
  }

  /**
   * Takes a due job for one delivery: its next try becomes `leaseUntil`, so no other run takes it meanwhile, and a
   * run killed while delivering it leaves it to be tried again when the lease ends. False when it was not due.
   */
  claim(clientId: string, now: Date, leaseUntil: Date): boolean {
    const db = this.store.connection();
    return guardStore(
      () =>
        db
          .prepare(
            "UPDATE outbox_job SET next_try_at = ?, updated_at = ? WHERE client_id = ? AND status = 'pending' AND (next_try_at IS NULL OR next_try_at <= ?)",
          )
          .run(leaseUntil.toISOString(), now.toISOString(), clientId, now.toISOString()).changes === 1,
    );
  }

  /**
   * After a FHIR job of `orderingKey` was delivered: the jobs after it on that resource learn its server id (a
   * create's answer), and the next one, if it named no version, expects the version this job made (`If-Match`).
   */
  followOn(orderingKey: string, afterId: number, resourceId: string, version: string): void {
    const db = this.store.connection();
    guardStore(() => {
      db.transaction(() => {
        const base = "FROM outbox_job WHERE destination = 'fhir' AND status = 'pending' AND ordering_key = ? AND id > ?";
        db.prepare(`UPDATE outbox_job SET resource_id = ? WHERE id IN (SELECT id ${base}) AND resource_id IS NULL`).run(resourceId, orderingKey, afterId);
        db.prepare(`UPDATE outbox_job SET if_match = ? WHERE id = (SELECT min(id) ${base}) AND if_match IS NULL AND operation = 'update'`).run(
          version,
          orderingKey,
          afterId,
        );
      })();
    });
  }

  /** How the outbox to `destination` stands: jobs waiting, jobs failed (the agent's to resolve), and when the oldest waiting job was made. */
  counts(destination: OutboxDestination): { waiting: number; failed: number; oldestWaitingAt: string | null } {
    const db = this.store.connection();
    return guardStore(() => {
      const row = db
        .prepare<[string], { waiting: number | null; failed: number | null; oldest: string | null }>(
          `SELECT sum(status = 'pending') AS waiting, sum(status = 'failed') AS failed, min(CASE WHEN status = 'pending' THEN created_at END) AS oldest
           FROM outbox_job WHERE destination = ? AND status IN ('pending', 'failed')`,
        )
        .get(destination);
      // An aggregate without GROUP BY always answers one row.
      const { waiting, failed, oldest } = must(row, 'the outbox counts row');
      return { waiting: waiting ?? 0, failed: failed ?? 0, oldestWaitingAt: oldest };
    });
  }

  /** When the next job of `destination` that may go (the first of its ordering key) is due: null when none waits, the epoch when one is due now. */
  nextDueAt(destination: OutboxDestination): Date | null {
    const db = this.store.connection();
    const row = guardStore(() =>
      db
        .prepare<[string], { next: string | null; heads: number }>(
          `SELECT min(coalesce(j.next_try_at, '')) AS next, count(*) AS heads FROM outbox_job j
           WHERE j.status = 'pending' AND j.destination = ?
             AND j.id = (SELECT min(k.id) FROM outbox_job k WHERE k.status = 'pending' AND k.destination = j.destination AND k.ordering_key = j.ordering_key)`,
        )
        .get(destination),
    );
    if (!row || row.heads === 0) return null;
    return row.next ? new Date(row.next) : new Date(0);
  }

  /** The client id of the newest job whose client id starts with `prefix` (null when none): where a numbered series of jobs got to. */
  latestClientId(prefix: string): string | null {
    const db = this.store.connection();
    const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return guardStore(
      () =>
        db.prepare<[string], { client_id: string }>("SELECT client_id FROM outbox_job WHERE client_id LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT 1").get(like)
          ?.client_id ?? null,
    );
  }

  /**
   * The agent asks for a job to be tried again now: a failed one goes back to pending (its attempts start again), a
   * waiting one is due at once. False when there is no such job still to deliver or resolve.
   */
  retryNow(clientId: string, now = new Date()): boolean {
    const db = this.store.connection();
    return guardStore(
      () =>
        db
          .prepare(
            `UPDATE outbox_job SET status = 'pending', attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END, next_try_at = NULL, updated_at = ?
             WHERE client_id = ? AND status IN ('pending', 'failed')`,
          )
          .run(now.toISOString(), clientId).changes === 1,
    );
  }

  /** The agent gives up a job that cannot go (waiting or failed): it is `dropped` and never tried again. False when there is none. */
  dismiss(clientId: string, now = new Date()): boolean {
    const db = this.store.connection();
    return guardStore(
      () =>
        db
          .prepare("UPDATE outbox_job SET status = 'dropped', next_try_at = NULL, updated_at = ? WHERE client_id = ? AND status IN ('pending', 'failed')")
          .run(now.toISOString(), clientId).changes === 1,
    );
  }

  /**
   * The jobs for the agent to look at, oldest first, at most `limit`: the failed ones and the waiting ones that have
   * been tried and did not go through (with their last error).
   */
  problems(destination: OutboxDestination, limit: number): OutboxJob[] {
    const db = this.store.connection();
    return guardStore(() =>
      db
        .prepare<[string, number], Row>(
          "SELECT * FROM outbox_job WHERE destination = ? AND (status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL)) ORDER BY id LIMIT ?",
        )
        .all(destination, limit)
        .map(toJob),
    );
  }

  /** One job by its client id (null when none). */
  byClientId(clientId: string): OutboxJob | null {
    const db = this.store.connection();
    const row = guardStore(() => db.prepare<[string], Row>('SELECT * FROM outbox_job WHERE client_id = ?').get(clientId));
    return row ? toJob(row) : null;
  }
}
