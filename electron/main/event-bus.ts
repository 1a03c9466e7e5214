/**
 * The page's events (the contract's `Events`), pushed to connected renderers (Electron windows, bridge
 * clients): to every one, or to one client (the window that owns the calls' media). The services do
 * not talk to each other here: they use the domain events (./domain-events.ts), and
 * ./forward-to-page.ts is what turns those into page events.
 */
import type { EventName, Events } from '../../shared/ipc/contract';

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

export class EventBus {
  private readonly listeners = new Map<Listener, string | null>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.keys()) l(event, payload);
  }

  /** To one client only (its transport subscribed with that id). */
  emitTo<E extends EventName>(clientId: string, event: E, payload: Events[E]): void {
    for (const [l, id] of this.listeners) if (id === clientId) l(event, payload);
  }

  /** Subscribe to events (a client's transport passes its id); returns the unsubscribe function. */
  subscribe(listener: Listener, clientId: string | null = null): () => void {
    this.listeners.set(listener, clientId);
    return () => this.listeners.delete(listener);
  }
}
