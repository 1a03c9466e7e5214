/**
 * The "within seconds" half of incremental sync: tells the sync engine WHEN the FHIR server's data changed, by
 * an R4 Subscription with the websocket channel; the engine then reads WHAT changed itself (`_history`). The
 * watcher never reads or trusts resource bodies: its Subscriptions have no payload.
 *
 * On start (and on every retry): read the CapabilityStatement (./subscription-support.ts); make sure the desk's
 * Subscriptions exist and are active (./subscription-resources.ts; reused across restarts); bind one websocket
 * to each (./subscription-socket.ts). Once every socket is bound the mode is `subscription` and `onChange` is
 * called once (reason `connected`: what changed while nothing was watching is caught up); after that each
 * `ping` calls `onChange` (reason `notification`): at once when no call runs, else batched into one call
 * `debounceMs` after the running one ends; one call at a time. While not
 * bound — starting, server offline, Subscriptions refused, socket dropped, nothing offered — the mode is
 * `polling` (the engine falls back to its timer) and the watcher tries again with capped exponential backoff
 * (a server that offers no websocket Subscriptions is asked again at the ceiling). It never throws once built.
 * Status reaches listeners through `onStatus`; no patient data is in it (the watcher sees none).
 */
import type { ErrorCode } from '../../shared/errors';
import { CodedError, codeOf } from '../../shared/errors';
import { SUPPORTED_RESOURCE_TYPES } from '../cache/fhir/resources';
import { Backoff, type BackoffOptions } from './backoff';
import { FhirClient } from './fhir-client';
import type { Subscription } from 'fhir/r4';
import { subscriptionSupport } from './subscription-support';
import { checkOwnerId, ensureSubscriptions, planWatches, removeSubscriptions, waitUntilActive, type WatchedSubscription } from './subscription-resources';
import { SubscriptionSocket } from './subscription-socket';

export interface WatchedChange {
  /** `connected`: the watcher (re)connected, so changes may have been missed meanwhile; `notification`: a ping. */
  reason: 'connected' | 'notification';
  /** The resource types that may have changed. */
  resourceTypes: string[];
}

export type WatcherState = 'starting' | 'connecting' | 'watching' | 'retrying' | 'unsupported' | 'stopped';

export interface SubscriptionWatcherStatus {
  /** `subscription` only while every Subscription's websocket is bound; otherwise the engine polls. */
  mode: 'subscription' | 'polling';
  state: WatcherState;
  connected: boolean;
  /** The Subscriptions the watcher holds on the server (ids in `subscriptionIds`). */
  subscriptions: number;
  lastNotificationAt: string | null;
  /** Why the last attempt failed (cleared once watching). */
  errorCode: ErrorCode | null;
  /** When the next attempt is due, while retrying or unsupported. */
  nextAttemptAt: string | null;
  /** Attempts failed in a row. */
  failures: number;
  /** `ping`s received. */
  notifications: number;
  /** Websocket messages that were not a valid `bound`/`ping`/`error` for this desk's Subscriptions. */
  ignoredMessages: number;
  /** `onChange` calls that threw or rejected. */
  failedCallbacks: number;
}

export interface SubscriptionWatcherOptions {
  /** The FHIR base URL (checked as the FHIR client checks it). */
  baseUrl: string;
  /** The Authorization header value for REST calls and the websocket upgrade, or null for none. */
  authorize?: () => Promise<string | null>;
  /** Called once with the header the server refused (401/403 on the websocket upgrade), so the next attempt gets a new token. */
  invalidate?: (authorization: string) => void;
  /** Names this desk's Subscriptions on the server; keep it across restarts so they are reused. */
  ownerId: string;
  onChange: (change: WatchedChange) => void | Promise<void>;
  /** Default: the types the cache keeps. */
  resourceTypes?: readonly string[];
  /** `auto`: one Subscription for all types on HAPI FHIR (`[A,B,…]` criteria), else one per type. */
  criteriaStyle?: 'auto' | 'per-type' | 'multi-type';
  /** The websocket endpoint when the site configures one (else declared by the server, or HAPI's). */
  websocketUrl?: string;
  /**
   * A ping while no `onChange` runs is passed on at once (with any others of the same moment); the pings that arrive
   * while one runs become one call after it, this long after it ended (a burst of changes costs two or three
   * syncs, not one each). Default 250 ms.
   */
  debounceMs?: number;
  /** Default 1 s doubling to 60 s. */
  backoff?: BackoffOptions;
  /** A session bound at least this long resets the backoff when it ends. Default 60 s. */
  stableMs?: number;
  /** Waiting for the server to activate the Subscriptions. Default 20 s. */
  activationTimeoutMs?: number;
  /** Connecting and binding one websocket. Default 10 s. */
  bindTimeoutMs?: number;
  /** Websocket ping interval (an unanswered ping means the connection is lost). Default 30 s. */
  heartbeatMs?: number;
  /** How often the Subscriptions are read back to check they are still active. Default 5 min. */
  verifyEveryMs?: number;
  /** Per REST request. Default 20 s. */
  requestTimeoutMs?: number;
  /** The largest websocket frame accepted. Default 4 KiB. */
  maxPayloadBytes?: number;
}

export type StatusListener = (status: SubscriptionWatcherStatus) => void;

export class SubscriptionWatcher {
  private readonly client: FhirClient;
  private readonly authorize: () => Promise<string | null>;
  /** The owner id the desk's Subscriptions are tagged with. */
  readonly ownerId: string;
  private readonly types: readonly string[];
  private readonly backoff: Backoff;
  private readonly o: Required<
    Pick<SubscriptionWatcherOptions, 'debounceMs' | 'stableMs' | 'activationTimeoutMs' | 'bindTimeoutMs' | 'heartbeatMs' | 'verifyEveryMs' | 'maxPayloadBytes'>
  >;
  private readonly listeners = new Set<StatusListener>();
  private current: SubscriptionWatcherStatus;
  private ids: string[] = [];

  /** Bumped by every attempt and by stop(): async work of an older generation stops at its next step. */
  private generation = 0;
  private stopped = false;
  private started = false;
  private attempt: Promise<void> | null = null;
  private sockets: SubscriptionSocket[] = [];
  private boundAt: number | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private verifyTimer: NodeJS.Timeout | undefined;

  private pending: WatchedChange | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private delivering = false;

  constructor(private readonly options: SubscriptionWatcherOptions) {
    const { baseUrl, authorize, invalidate } = options;
    this.client = new FhirClient({ baseUrl, authorize, invalidate, timeoutMs: options.requestTimeoutMs ?? 20_000 });
    this.authorize = options.authorize ?? (() => Promise.resolve(null));
    this.ownerId = checkOwnerId(options.ownerId);
    this.types = [...new Set(options.resourceTypes ?? SUPPORTED_RESOURCE_TYPES)];
    planWatches(this.types, 'per-type'); // checks the types now rather than at the first attempt
    this.backoff = new Backoff(options.backoff ?? { firstMs: 1_000, maxMs: 60_000 });
    this.o = {
      debounceMs: nonNegative(options.debounceMs ?? 250, 'debounceMs'),
      stableMs: nonNegative(options.stableMs ?? 60_000, 'stableMs'),
      activationTimeoutMs: positive(options.activationTimeoutMs ?? 20_000, 'activationTimeoutMs'),
      bindTimeoutMs: positive(options.bindTimeoutMs ?? 10_000, 'bindTimeoutMs'),
      heartbeatMs: positive(options.heartbeatMs ?? 30_000, 'heartbeatMs'),
      verifyEveryMs: positive(options.verifyEveryMs ?? 300_000, 'verifyEveryMs'),
      maxPayloadBytes: positive(options.maxPayloadBytes ?? 4096, 'maxPayloadBytes'),
    };
    this.current = {
      mode: 'polling',
      state: 'starting',
      connected: false,
      subscriptions: 0,
      lastNotificationAt: null,
      errorCode: null,
      nextAttemptAt: null,
      failures: 0,
      notifications: 0,
      ignoredMessages: 0,
      failedCallbacks: 0,
    };
  }

  /** Starts watching; resolves once the first attempt has either bound or fallen back to polling. Never rejects. */
  start(): Promise<void> {
    if (this.stopped) throw new CodedError('invalidArgument', 'a stopped watcher cannot be started again');
    if (!this.started) {
      this.started = true;
      this.run();
    }
    return this.attempt ?? Promise.resolve();
  }

  /** Closes the websockets and timers; with `removeSubscriptions`, deletes the desk's Subscriptions on the server too. */
  async stop(options: { removeSubscriptions?: boolean } = {}): Promise<void> {
    const wasStopped = this.stopped;
    this.stopped = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    clearTimeout(this.flushTimer);
    this.pending = null;
    this.endSession();
    await this.attempt;
    if (options.removeSubscriptions) {
      try {
        await removeSubscriptions(this.client, this.ownerId);
        this.ids = [];
      } catch (err) {
        this.update({ errorCode: codeOf(err) });
      }
    }
    if (!wasStopped || options.removeSubscriptions) {
      this.update({ state: 'stopped', mode: 'polling', connected: false, nextAttemptAt: null, subscriptions: this.ids.length });
    }
  }

  status(): SubscriptionWatcherStatus {
    return { ...this.current };
  }

  /** The ids of the desk's Subscriptions on the server, as of the last attempt. */
  subscriptionIds(): readonly string[] {
    return [...this.ids];
  }

  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- attempts ---------------------------------------------------------------------------------------------------

  private run(): void {
    const generation = ++this.generation;
    this.attempt = this.connect(generation)
      .catch((err: unknown) => {
        if (generation === this.generation) this.retry(codeOf(err));
      })
      .finally(() => {
        if (generation === this.generation) this.attempt = null;
      });
  }

  private async connect(generation: number): Promise<void> {
    const live = () => generation === this.generation && !this.stopped;
    this.update({ state: 'connecting', mode: 'polling', connected: false, nextAttemptAt: null });
    const support = subscriptionSupport(await this.client.capabilities(), this.client.baseUrl, this.options.websocketUrl);
    if (!live()) return;
    if (!support.offered) {
      this.unsupported(support.why === 'websocketOffServer' ? 'ehrBadResponse' : null);
      return;
    }

    const style = this.options.criteriaStyle ?? 'auto';
    const watches = planWatches(this.types, style === 'auto' ? (support.hapi ? 'multi-type' : 'per-type') : style);
    const subscriptions = await ensureSubscriptions(this.client, this.ownerId, watches);
    this.ids = subscriptions.map((s) => s.id);
    this.update({ subscriptions: this.ids.length });
    if (!live()) return;
    await waitUntilActive(this.client, this.ids, this.o.activationTimeoutMs, () => !live());
    if (!live()) return;

    const authorization = await this.authorize();
    const bound = await Promise.allSettled(subscriptions.map((s) => this.bindOne(s, support.websocketUrl, authorization, generation)));
    const sockets = bound.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = bound.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!live() || refused) {
      for (const socket of sockets) socket.close();
      if (refused && authorization !== null && codeOf(refused.reason) === 'ehrUnauthorized') this.options.invalidate?.(authorization);
      if (refused) throw refused.reason;
      return;
    }
    this.sockets = sockets;
    this.boundAt = Date.now();
    this.verifyTimer = setInterval(() => void this.verify(generation), this.o.verifyEveryMs);
    this.update({ state: 'watching', mode: 'subscription', connected: true, errorCode: null, failures: 0, nextAttemptAt: null });
    this.queueChange('connected', this.types);
  }

  private bindOne(subscription: WatchedSubscription, url: string, authorization: string | null, generation: number): Promise<SubscriptionSocket> {
    return SubscriptionSocket.bind({
      url,
      subscriptionId: subscription.id,
      authorization,
      bindTimeoutMs: this.o.bindTimeoutMs,
      heartbeatMs: this.o.heartbeatMs,
      maxPayloadBytes: this.o.maxPayloadBytes,
      onPing: () => {
        if (generation !== this.generation) return;
        this.current.notifications += 1;
        this.current.lastNotificationAt = new Date().toISOString();
        this.queueChange('notification', subscription.watch.resourceTypes);
      },
      onIgnored: () => {
        this.current.ignoredMessages += 1;
      },
      onLost: (code) => {
        if (generation === this.generation && !this.stopped) this.retry(code);
      },
    });
  }

  /** Reads the Subscriptions back: one the server switched off or lost ends the session (the next attempt redoes it). */
  private async verify(generation: number): Promise<void> {
    try {
      for (const id of this.ids) {
        if (generation !== this.generation) return;
        const sub = await this.client.read<Subscription>('Subscription', id);
        if (sub.status !== 'active') throw new CodedError('ehrRefused', 'a watcher Subscription is no longer active');
      }
    } catch (err) {
      if (generation === this.generation && !this.stopped) this.retry(codeOf(err));
    }
  }

  private retry(code: ErrorCode): void {
    if (this.stopped) return;
    if (this.boundAt !== null && Date.now() - this.boundAt >= this.o.stableMs) this.backoff.reset();
    this.endSession();
    this.schedule(this.backoff.next(), { state: 'retrying', errorCode: code, failures: this.current.failures + 1 });
  }

  private unsupported(code: ErrorCode | null): void {
    this.endSession();
    this.schedule(this.backoff.ceiling(), { state: 'unsupported', errorCode: code });
  }

  private schedule(delayMs: number, change: Partial<SubscriptionWatcherStatus>): void {
    clearTimeout(this.retryTimer);
    this.generation += 1; // whatever is still running belongs to the session that just ended
    this.retryTimer = setTimeout(() => {
      this.run();
    }, delayMs);
    this.update({ ...change, mode: 'polling', connected: false, nextAttemptAt: new Date(Date.now() + delayMs).toISOString() });
  }

  private endSession(): void {
    clearInterval(this.verifyTimer);
    for (const socket of this.sockets) socket.close();
    this.sockets = [];
    this.boundAt = null;
  }

  // --- changes to the engine --------------------------------------------------------------------------------------

  private queueChange(reason: WatchedChange['reason'], resourceTypes: readonly string[]): void {
    const merged = new Set([...(this.pending?.resourceTypes ?? []), ...resourceTypes]);
    this.pending = { reason: this.pending?.reason === 'connected' ? 'connected' : reason, resourceTypes: [...merged] };
    // Idle: on the next turn of the event loop (pings read in the same turn go together); otherwise after the call.
    if (this.flushTimer === undefined && !this.delivering) this.flushTimer = setTimeout(() => void this.flush(), 0);
  }

  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const change = this.pending;
    this.pending = null;
    if (!change || this.stopped) return;
    this.delivering = true;
    try {
      await this.options.onChange(change);
    } catch {
      this.current.failedCallbacks += 1;
    } finally {
      this.delivering = false;
      this.emit();
      this.flushLater();
    }
  }

  /** Changes that came in while one was being delivered go after the debounce, unless the watcher was stopped meanwhile. */
  private flushLater(): void {
    if (this.pending && !this.stopped) this.flushTimer = setTimeout(() => void this.flush(), this.o.debounceMs);
  }

  // --- status -----------------------------------------------------------------------------------------------------

  private update(change: Partial<SubscriptionWatcherStatus>): void {
    this.current = { ...this.current, ...change };
    this.emit();
  }

  private emit(): void {
    const snapshot = this.status();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // A listener's failure is its own; the watcher carries on.
      }
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isFinite(n) || n <= 0) throw new CodedError('invalidArgument', `${name} must be a positive number`);
  return n;
}

function nonNegative(n: number, name: string): number {
  if (!Number.isFinite(n) || n < 0) throw new CodedError('invalidArgument', `${name} must be zero or more`);
  return n;
}
