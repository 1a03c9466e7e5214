/**
 * The main process's domain event bus: typed events (shared/events/domain-events.ts) the services
 * emit and subscribe to. Listeners run in the order they subscribed. A listener that throws does not
 * stop the others: it is logged by the event's name and the error's class only, never the payload or
 * the error's message (either may hold patient data).
 */
import type { DomainEventName, DomainEvents } from '../../shared/events/domain-events';
import { safeLog } from './safe-log';

type Listener<E extends DomainEventName> = (payload: DomainEvents[E]) => void;
type Listeners = { [E in DomainEventName]?: Set<Listener<E>> };

export class DomainEventBus {
  private readonly listeners: Listeners = {};

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends DomainEventName>(event: E, listener: Listener<E>): () => void {
    const set: Set<Listener<E>> = this.listeners[event] ?? new Set();
    this.listeners[event] = set as Listeners[E];
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit<E extends DomainEventName>(event: E, payload: DomainEvents[E]): void {
    const set: Set<Listener<E>> | undefined = this.listeners[event];
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        safeLog.error(`a listener of ${event} failed: ${errorClass(err)}`);
      }
    }
  }
}

/** Only the error's class goes to the log (its message, code or stack may carry data). */
const errorClass = (err: unknown): string => (err instanceof Error ? err.constructor.name : typeof err);
