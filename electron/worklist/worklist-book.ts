/**
 * The team's worklist on the organisation's FHIR server: the open Tasks of the team's pools, claimed, released and
 * completed by the desks, with the server's concurrency control and no lock of our own.
 *
 * - A claim is an update of `Task.owner` and `status` with `If-Match` on the version the agent saw: two desks that
 *   claim the same item send the same If-Match, the server applies one and refuses the other (412/409), and the agent
 *   who lost is told "claimed by someone else" with the list as it now is.
 * - Release and completion are If-Match updates too, and only the agent who holds an item may do either.
 * - A claim not worked within the policy's time is given back to its pool by whichever desk lists first, as an If-Match
 *   update of the version it read: two desks that both see it stale cannot both release it (nor release a fresh claim).
 */
import type { Task } from 'fhir/r4';
import { CodedError, codeOf } from '../../shared/errors';
import { compareWorklistItems, type WorklistActionResult, type WorklistItem, type WorklistOutcome, type WorklistView } from '../../shared/domain/worklist';
import type { FhirClient } from '../ehr/fhir-client';
import { claimedTask, completedTask, itemOf, poolOf, releasedTask, WORKLIST_SYSTEMS } from './task-mapping';
import type { WorklistPolicy } from './worklist-policy';

const PAGE = 500;
/**
 * Servers cap a page's size below what was asked (HAPI FHIR at 200 by default): the read's bound on pages assumes
 * pages of this many at least, so a capped page size does not cut the list short of `maxOpenTasks`.
 */
const SMALLEST_PAGE = 50;

export interface WorklistBookOptions {
  /** The agent at this desk now, as a claimed Task's owner names them (who is signed in may change). */
  agent: () => string;
  policy: WorklistPolicy;
  now?: () => Date;
}

type Refusal = Extract<WorklistActionResult, { ok: false }>['reason'];

/** What an action did, and whose item it was (for the audit trail; null when the item could not be read). */
export interface BookAction {
  result: WorklistActionResult;
  patientId: string | null;
}

export class WorklistBook {
  private readonly now: () => Date;

  constructor(
    private readonly client: Pick<FhirClient, 'search' | 'read' | 'update'>,
    private readonly o: WorklistBookOptions,
  ) {
    this.now = o.now ?? (() => new Date());
  }

  get agent(): string {
    return this.o.agent();
  }

  /** The team's open items, overdue first then by due time; stale claims found on the way are given back to their pools. */
  async list(): Promise<WorklistView> {
    const now = this.now();
    const max = this.o.policy.maxOpenTasks;
    const found = await this.client.search<Task>(
      'Task',
      {
        _tag: this.o.policy.pools.map((p) => `${WORKLIST_SYSTEMS.pool}|${p}`).join(','),
        status: 'requested,in-progress',
        _count: Math.min(PAGE, max),
      },
      { maxResources: max, maxPages: Math.ceil(max / SMALLEST_PAGE) + 1 },
    );
    let malformed = 0;
    const items: WorklistItem[] = [];
    const stale: { task: Task; item: WorklistItem }[] = [];
    for (const task of found.resources) {
      const item = itemOf(task, this.agent, now);
      if (!item) malformed += 1;
      else if (this.isStale(item, now)) stale.push({ task, item });
      else items.push(item);
    }
    let released = 0;
    for (const { task, item } of stale) {
      const back = await this.giveBack(task, item.version);
      if (back) released += 1;
      items.push(back ?? item);
    }
    items.sort(compareWorklistItems);
    return { configured: true, items, malformed, released, complete: found.complete, readAt: now.toISOString(), refreshSeconds: this.o.policy.refreshSeconds };
  }

  /** Claims the item at the version the agent saw. */
  async claim(taskId: string, version: string): Promise<BookAction> {
    const seen = await this.seen(taskId, version);
    const patientId = seen.item?.patient?.id ?? null;
    if ('refused' in seen) {
      // Our own earlier claim whose answer was lost is ours all the same.
      if (seen.item && this.mine(seen.item)) return { result: this.done(seen.item), patientId };
      return { result: await this.refuse(seen.refused), patientId };
    }
    if (this.mine(seen.item)) return { result: this.done(seen.item), patientId };
    if (seen.item.status !== 'open') return { result: await this.refuse('claimedByOther'), patientId };
    return { result: await this.write(claimedTask(seen.task, this.agent, this.now()), version, 'claimedByOther'), patientId };
  }

  /** Gives the agent's claimed item back to its pool. */
  async release(taskId: string, version: string): Promise<BookAction> {
    const seen = await this.seen(taskId, version);
    const patientId = seen.item?.patient?.id ?? null;
    if ('refused' in seen) return { result: await this.refuse(seen.refused), patientId };
    if (!this.mine(seen.item)) return { result: await this.refuse('notYours'), patientId };
    return { result: await this.write(releasedTask(seen.task, seen.item.pool), version, 'changed'), patientId };
  }

  /** Completes the agent's claimed item with its outcome. */
  async complete(taskId: string, version: string, outcome: WorklistOutcome): Promise<BookAction> {
    const seen = await this.seen(taskId, version);
    const patientId = seen.item?.patient?.id ?? null;
    if ('refused' in seen) return { result: await this.refuse(seen.refused), patientId };
    if (!this.mine(seen.item)) return { result: await this.refuse('notYours'), patientId };
    return { result: await this.write(completedTask(seen.task, outcome, this.now()), version, 'changed'), patientId };
  }

  private isStale(item: WorklistItem, now: Date): boolean {
    if (item.status !== 'claimed') return false;
    const since = item.claimedAt ? Date.parse(item.claimedAt) : Number.NaN;
    // A claim with no time on it cannot be judged fresh: it is treated as stale.
    return Number.isNaN(since) || now.getTime() - since >= this.o.policy.releaseUnworkedClaimsAfterMinutes * 60_000;
  }

  /** A stale claim back in its pool, or null when another desk changed it first. */
  private async giveBack(task: Task, version: string): Promise<WorklistItem | null> {
    const pool = poolOf(task);
    if (!pool) return null;
    try {
      const written = await this.client.update(releasedTask(task, pool), version);
      return itemOf(written.resource, this.agent, this.now());
    } catch (err) {
      if (codeOf(err) === 'ehrConflict') return null;
      throw err;
    }
  }

  /** The Task as the server holds it now, if it is still at the version the agent saw. */
  private async seen(taskId: string, version: string): Promise<{ task: Task; item: WorklistItem } | { refused: Refusal; item: WorklistItem | null }> {
    let task: Task;
    try {
      task = await this.client.read<Task>('Task', taskId);
    } catch (err) {
      if (err instanceof CodedError && err.code === 'notFound') return { refused: 'gone', item: null };
      throw err;
    }
    const item = itemOf(task, this.agent, this.now());
    if (!item) return { refused: 'gone', item: null };
    if (task.meta?.versionId !== version) return { refused: item.status === 'claimed' && !this.mine(item) ? 'claimedByOther' : 'changed', item };
    return { task, item };
  }

  private mine(item: WorklistItem): boolean {
    return item.owner.kind === 'agent' && item.owner.mine;
  }

  /** Sends the update with If-Match on the version the agent saw; refused (412/409): `onConflict`. */
  private async write(task: Task, version: string, onConflict: Refusal): Promise<WorklistActionResult> {
    let written: Task;
    try {
      written = (await this.client.update(task, version)).resource;
    } catch (err) {
      if (codeOf(err) === 'ehrConflict') return this.refuse(onConflict);
      throw err;
    }
    return this.done(itemOf(written, this.agent, this.now()));
  }

  /** Done: the item as it now is (null: it left the list). The list is not read again: the page updates the one item. */
  private done(item: WorklistItem | null): WorklistActionResult {
    return { ok: true, item };
  }

  private async refuse(reason: Refusal): Promise<WorklistActionResult> {
    return { ok: false, reason, list: await this.list() };
  }
}
