/**
 * Delivers the desk's writes to the organisation's FHIR server: the outbox jobs for destination 'fhir'
 * (write-back.ts queues them). All its state is the table, so a restart loses nothing.
 *
 * - Order: of each ordering key (one resource) only the first pending job is ever tried, so one resource's writes never
 *   overtake each other; different keys go side by side, at most `maxInFlight` at once.
 * - A create is conditional (`If-None-Exist: identifier=<system>|<client id>`; the resource carries that identifier),
 *   so a retry after a lost answer finds the resource instead of making a second. An update sends `If-Match` with the
 *   version it expects (its own, or the one the job before it on that resource made); a delete deletes (already gone
 *   is done).
 * - A job being tried holds a lease (its next try is set to the lease's end): a run killed meanwhile leaves it to be
 *   tried again when the lease ends.
 * - Unreachable, 5xx, 429, 408 or an unreadable answer: tried again later, with capped exponential backoff and jitter,
 *   or when the server's `Retry-After` says. 401: the FHIR client drops its token and sends the job once more at once
 *   with a fresh one; still refused (or no token to be had: the client was disabled at the sign-in service), the job
 *   waits and is tried again later like an unreachable one, never dropped. 409/412 (someone changed it first), 400/422 and other refusals, 404 on an update: a business answer: the
 *   job is failed with its code and the failure listeners are told the kind of record (never the record).
 * - Except a 409 on a create: a create expects no version, so a conflict there is the server's own collision between
 *   writers racing on something both touch (HAPI: two creates naming one patient it does not hold yet, each making
 *   its placeholder — "client-assigned ID constraint failure"). The create is conditional, so it is tried again with
 *   the backoff, up to `CREATE_COLLISION_TRIES` times, before it is failed like any refusal.
 * - On success the server's answer (the resource with its id and `meta.versionId`) goes into the cache through
 *   `ServerCopy.apply(…, 'write-back')`; the desk's provisional local copy (a wrap-up kept before the server named it)
 *   gives way to it; the jobs after it on that resource learn its id and version; the job is done.
 * - Jobs that cannot go are never given up silently: an unreachable server is tried again for as long as it takes, the
 *   delay capped at `maxBackoffMs`, and the status says since when the tries have not gone through (`failingSince`).
 *   Only the agent gives a job up (outbox-problems.ts: dismissed with a reason, audited) or asks for it to be tried now.
 * - Status listeners get the counts (waiting, failed, oldest waiting, in flight, last error, failing since) after every change.
 */
import type { FhirResource, Resource } from 'fhir/r4';
import { CodedError, type ErrorCode } from '../../shared/errors';
import type { WriteBackFailure, WriteBackStatus } from '../../shared/ehr/write-back';
import type { OutboxJob, OutboxJobRepository } from '../cache/repositories/outbox-jobs';
import { safeLog } from '../main/safe-log';
import type { FhirClient, WriteResult } from './fhir-client';
import { FhirError } from './fhir-error';
import type { ServerCopy } from './server-copy';
import { ifNoneExist, writeKindOf } from './write-back-mapping';
import { MAX_WRITE_BYTES } from './write-back';

export interface OutboxWorkerOptions {
  jobs: OutboxJobRepository;
  /** The FHIR client (its `authorize` adds the token). */
  client: Pick<FhirClient, 'createIfNoneExist' | 'update' | 'delete'>;
  /** Where the server's answers go: the cache. */
  serverCopy: ServerCopy;
  /** Jobs being sent at most at once. Default 4. */
  maxInFlight?: number;
  /** The first retry's delay; it doubles with each attempt up to `maxBackoffMs`. Defaults 1 s and 5 min. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long a job being sent is held before another run may take it (longer than a request may take). Default 2 min. */
  leaseMs?: number;
  /** The longest sleep while nothing is due (the table is looked at again then). Default 30 s. */
  idleMs?: number;
  now?: () => Date;
  random?: () => number;
}

type Outcome =
  { kind: 'done'; answer: FhirResource | null } | { kind: 'retry'; code: ErrorCode; afterMs?: number } | { kind: 'failed'; code: WriteBackFailure['code'] };

export class OutboxWorker {
  private readonly jobs: OutboxJobRepository;
  private readonly maxInFlight: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly statusListeners = new Set<(s: WriteBackStatus) => void>();
  private readonly failureListeners = new Set<(f: WriteBackFailure) => void>();
  private readonly patientListeners = new Set<(patientIds: string[]) => void>();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private lastErrorCode: ErrorCode | null = null;
  private lastDeliveredAt: string | null = null;
  private failingSince: string | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: OutboxWorkerOptions) {
    this.jobs = o.jobs;
    this.maxInFlight = whole(o.maxInFlight ?? 4, 'maxInFlight');
    this.baseBackoffMs = whole(o.baseBackoffMs ?? 1000, 'baseBackoffMs');
    this.maxBackoffMs = whole(o.maxBackoffMs ?? 300_000, 'maxBackoffMs');
    this.leaseMs = whole(o.leaseMs ?? 120_000, 'leaseMs');
    this.idleMs = whole(o.idleMs ?? 30_000, 'idleMs');
    this.now = o.now ?? (() => new Date());
    this.random = o.random ?? Math.random;
  }

  /** Starts delivering (what waits in the table goes first). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.pump();
  }

  /** Stops taking jobs and waits for those being sent. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** A job was queued: look at the table now rather than at the next timer. */
  kick(): void {
    if (this.running) this.pump();
    else this.publish();
  }

  /** Resolves when nothing due is left to send right now (jobs waiting for a later try stay waiting). Runs the worker if it is stopped. */
  async drain(): Promise<void> {
    const wasRunning = this.running;
    this.running = true;
    const idle = new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    this.pump();
    await idle;
    if (!wasRunning) await this.stop();
  }

  onStatus(listener: (s: WriteBackStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }

  /** A write refused with a business answer (not retried). */
  onFailure(listener: (f: WriteBackFailure) => void): () => void {
    this.failureListeners.add(listener);
    return () => void this.failureListeners.delete(listener);
  }

  /** Patients whose cached record a server answer changed (ids only): an open patient view refreshes. */
  onPatientsChanged(listener: (patientIds: string[]) => void): () => void {
    this.patientListeners.add(listener);
    return () => void this.patientListeners.delete(listener);
  }

  status(): WriteBackStatus {
    return {
      ...this.jobs.counts('fhir'),
      inFlight: this.inFlight.size,
      lastErrorCode: this.lastErrorCode,
      lastDeliveredAt: this.lastDeliveredAt,
      failingSince: this.failingSince,
    };
  }

  // --- scheduling ------------------------------------------------------------------------------------------------

  private pump(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      this.schedule();
    } catch (err) {
      // The store failed (busy, full, closing): nothing is lost, the table is looked at again later.
      safeLog.error('the outbox could not be read', err);
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      this.pumpLater();
    }
  }

  /** Looks at the table again after a while, unless the worker was stopped meanwhile (schedule() may have stopped it). */
  private pumpLater(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.pump();
    }, this.idleMs);
    this.timer.unref();
  }

  private schedule(): void {
    const free = this.maxInFlight - this.inFlight.size;
    if (free > 0) {
      const now = this.now();
      for (const job of this.jobs.due('fhir', now, free)) {
        if (this.inFlight.has(job.orderingKey)) continue;
        if (!this.jobs.claim(job.clientId, now, new Date(now.getTime() + this.leaseMs))) continue;
        const run = this.deliver(job).finally(() => {
          this.inFlight.delete(job.orderingKey);
          this.publish();
          this.pump();
        });
        this.inFlight.set(job.orderingKey, run);
      }
    }
    this.publish();
    if (this.inFlight.size > 0) return; // each delivery pumps again when it settles
    const next = this.jobs.nextDueAt('fhir');
    const wait = next === null ? this.idleMs : Math.min(this.idleMs, Math.max(0, next.getTime() - this.now().getTime()));
    if (next === null || wait > 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    if (!this.running) return;
    this.timer = setTimeout(
      () => {
        this.pump();
      },
      Math.max(wait, 10),
    );
    this.timer.unref();
  }

  private publish(): void {
    if (this.statusListeners.size === 0) return;
    const status = this.status();
    for (const listener of this.statusListeners) {
      try {
        listener(status);
      } catch (err) {
        safeLog.warn('an outbox status listener failed', err);
      }
    }
  }

  // --- one job ---------------------------------------------------------------------------------------------------

  private async deliver(job: OutboxJob): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.send(job);
    } catch (err) {
      outcome = classify(err, job);
    }
    const now = this.now();
    try {
      if (outcome.kind === 'done') this.delivered(job, outcome.answer, now);
      else if (outcome.kind === 'failed') this.failed(job, outcome.code, now);
      else this.retry(job, outcome, now);
    } catch (err) {
      // The store could not record it: the lease ends and the job is tried again (a create finds its resource).
      safeLog.error('the outbox could not record a delivery', err);
    }
  }

  /** Sends one job (a 401 is retried once with a fresh token by the FHIR client itself). */
  private async send(job: OutboxJob): Promise<Outcome> {
    const type = job.resourceType ?? '';
    if (job.operation === 'delete') {
      try {
        await this.o.client.delete(type, job.resourceId ?? '');
      } catch (err) {
        if (!(err instanceof FhirError && err.code === 'notFound')) throw err;
      }
      return { kind: 'done', answer: null };
    }
    const resource = readPayload(job);
    if (job.operation === 'create') {
      const { id: _provisional, ...sent } = resource;
      return {
        kind: 'done',
        answer: (await this.o.client.createIfNoneExist(sent as FhirResource, ifNoneExist(job.clientId, type))).resource,
      };
    }
    if (job.operation !== 'update' || !job.resourceId || !job.ifMatch)
      throw new CodedError('invalidArgument', 'outbox: an update without its resource id or expected version');
    const written: WriteResult = await this.o.client.update({ ...resource, id: job.resourceId } as FhirResource, job.ifMatch);
    return { kind: 'done', answer: written.resource };
  }

  private delivered(job: OutboxJob, answer: FhirResource | null, now: Date): void {
    const type = job.resourceType ?? '';
    if (answer && answer.resourceType === 'AuditEvent') {
      // Not cached: the cache keeps no AuditEvents, and keeping one would write an audit row, exported in turn.
    } else if (answer) {
      const applied = this.o.serverCopy.apply([answer], 'write-back');
      const provisional = job.operation === 'create' ? provisionalId(job) : null;
      if (provisional && provisional !== answer.id) this.o.serverCopy.remove(type, provisional, 'write-back');
      if (answer.id && answer.meta?.versionId) this.jobs.followOn(job.orderingKey, job.id, answer.id, answer.meta.versionId);
      if (applied.patientIds.length) this.tell(this.patientListeners, applied.patientIds, 'a patient-change listener');
    } else if (job.resourceId) {
      this.o.serverCopy.remove(type, job.resourceId, 'write-back');
    }
    this.jobs.finish(job.clientId, 'done', null, now);
    this.lastErrorCode = null;
    this.lastDeliveredAt = now.toISOString();
    this.failingSince = null;
  }

  private failed(job: OutboxJob, code: WriteBackFailure['code'], now: Date): void {
    this.jobs.finish(job.clientId, 'failed', code, now);
    let kind: WriteBackFailure['kind'] = null;
    try {
      kind = writeKindOf(JSON.parse(job.payload));
    } catch {
      // An unreadable payload names no kind.
    }
    const failure: WriteBackFailure = {
      jobId: job.clientId,
      kind,
      resourceType: job.resourceType ?? 'unknown',
      operation: job.operation as WriteBackFailure['operation'],
      code,
      at: now.toISOString(),
    };
    this.tell(this.failureListeners, failure, 'an outbox failure listener');
  }

  private tell<T>(listeners: Set<(value: T) => void>, value: T, what: string): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (err) {
        safeLog.warn(`${what} failed`, err);
      }
    }
  }

  private retry(job: OutboxJob, outcome: Extract<Outcome, { kind: 'retry' }>, now: Date): void {
    const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(job.attempts, 30));
    // Equal jitter: half the delay fixed, half random, so desks that lost the server together do not return together.
    const delay = outcome.afterMs !== undefined ? outcome.afterMs : backoff / 2 + this.random() * (backoff / 2);
    this.jobs.retryLater(job.clientId, outcome.code, new Date(now.getTime() + delay), now);
    this.lastErrorCode = outcome.code;
    this.failingSince ??= now.toISOString();
  }
}

/** How many times a create answered 409 is tried in all before it is failed (see the header). */
export const CREATE_COLLISION_TRIES = 6;

/** What a failed try means for the job. */
function classify(err: unknown, job: Pick<OutboxJob, 'operation' | 'attempts'>): Outcome {
  if (err instanceof FhirError) {
    const s = err.status;
    if (err.code === 'ehrConflict' && job.operation === 'create' && job.attempts + 1 < CREATE_COLLISION_TRIES) return { kind: 'retry', code: err.code };
    if (err.code === 'ehrUnreachable' || err.code === 'ehrBadResponse') return { kind: 'retry', code: err.code };
    if (s !== undefined && (s >= 500 || s === 429 || s === 408))
      return {
        kind: 'retry',
        code: 'ehrUnreachable',
        ...(err.retryAfterMs !== undefined ? { afterMs: err.retryAfterMs } : {}),
      };
    // Still not let in after a fresh token (or forbidden): the site's connection is the problem, not the write.
    if (err.code === 'ehrUnauthorized') return { kind: 'retry', code: 'ehrUnauthorized' };
    if (err.code === 'ehrConflict' || err.code === 'notFound' || err.code === 'ehrRefused' || err.code === 'invalidArgument')
      return { kind: 'failed', code: err.code };
    return { kind: 'retry', code: err.code };
  }
  if (err instanceof CodedError && err.code === 'invalidArgument') return { kind: 'failed', code: 'invalidArgument' };
  // No token (the sign-in service refused this desk, or did not answer): the connection is the problem, the job waits.
  if (err instanceof CodedError && err.code.startsWith('ehrAuth')) return { kind: 'retry', code: err.code };
  // Anything else (the cache could not keep the answer, a bug): tried again later; a create finds what it made.
  safeLog.error('an outbox delivery failed', err);
  return { kind: 'retry', code: 'internal' };
}

/** The job's resource, checked: JSON of the job's resource type, within the size limit. */
function readPayload(job: OutboxJob): Resource {
  if (Buffer.byteLength(job.payload) > MAX_WRITE_BYTES) throw new CodedError('invalidArgument', 'outbox: the payload is larger than the limit');
  let resource: unknown;
  try {
    resource = JSON.parse(job.payload);
  } catch {
    throw new CodedError('invalidArgument', 'outbox: the payload is not JSON');
  }
  if (typeof resource !== 'object' || resource === null || (resource as Resource).resourceType !== job.resourceType) {
    throw new CodedError('invalidArgument', "outbox: the payload is not the job's resource type");
  }
  return resource as Resource;
}

/** The desk's local id for a resource it created before the server named it (kept in the payload, never sent). */
function provisionalId(job: OutboxJob): string | null {
  try {
    const id = (JSON.parse(job.payload) as { id?: unknown }).id;
    return typeof id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

function whole(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new CodedError('invalidArgument', `outbox worker: ${name} must be a positive whole number`);
  return n;
}
