/**
 * What an agent's desktop tells the team's leads (escalation notices, contact figures for the KPIs)
 * is delivered even when a lead's desktop is closed or the network drops for a while: a notice whose
 * SIP MESSAGE is not answered 2xx waits here, in order, and is sent again every `retryMs` and as soon
 * as the phone registers again. With a store, waiting notices survive a restart of the app. Bounded:
 * past `limit` the oldest is dropped (and said so, without the body). Notices carry no patient data;
 * the lead's side stores them idempotently.
 */
import crypto from 'node:crypto';
import { safeLog } from '../safe-log';
import { must } from '../../../shared/must';

export interface OutboxItem {
  id: string;
  lead: string;
  body: string;
}

/** Where waiting notices are kept across restarts (the encrypted store). */
export interface OutboxStore {
  pending(): OutboxItem[];
  waiting(item: OutboxItem): void;
  done(item: OutboxItem, outcome: 'delivered' | 'dropped'): void;
}

type Pending = OutboxItem;

export class LeadOutbox {
  private readonly pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** Resolves when the lead's desktop accepted the MESSAGE (2xx); rejects otherwise. */
    private readonly send: (lead: string, body: string) => Promise<void>,
    private readonly store: OutboxStore | null = null,
    private readonly limit = 5000,
    private readonly retryMs = 30_000,
  ) {
    // What was still waiting when the app last stopped goes first.
    if (store) this.pending.push(...store.pending());
  }

  /** Sends `body` to each lead; what is not accepted waits for the next try. */
  post(leads: readonly string[], body: string): Promise<void> {
    return Promise.all(
      leads.map(async (lead) => {
        // A lead with notices already waiting gets this one after them, in order.
        if (this.pending.some((p) => p.lead === lead)) {
          this.hold(item(lead, body));
          return;
        }
        await this.send(lead, body).catch(() => {
          this.hold(item(lead, body));
        });
      }),
    ).then(() => undefined);
  }

  /** Notices waiting for a lead's desktop to accept them. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Tries every waiting notice once, oldest first; a lead that refuses keeps the rest of its notices. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => (this.flushing = null));
    return this.flushing;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.retryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async flushOnce(): Promise<void> {
    const refused = new Set<string>();
    for (const item of [...this.pending]) {
      if (refused.has(item.lead)) continue;
      try {
        await this.send(item.lead, item.body);
        this.pending.splice(this.pending.indexOf(item), 1);
        this.store?.done(item, 'delivered');
      } catch {
        refused.add(item.lead);
      }
    }
  }

  private hold(item: Pending): void {
    this.pending.push(item);
    this.store?.waiting(item);
    if (this.pending.length > this.limit) {
      const dropped = must(this.pending.shift(), 'the oldest waiting notice');
      this.store?.done(dropped, 'dropped');
      safeLog.warn(`a team-lead notice was dropped: more than ${this.limit} were waiting`);
    }
  }
}

const item = (lead: string, body: string): OutboxItem => ({ id: `outbox-${crypto.randomUUID()}`, lead, body });
