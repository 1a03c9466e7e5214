/**
 * The one place where domain events become page events: each domain event named in the contract's
 * table of forwarded events (FORWARDED_EVENTS) goes to every connected page under the page's name for
 * it, payload unchanged. Nothing else reaches the page from the domain bus (call.ended stays here), and nothing
 * the desk's user may not see now (`mayReach`: while the site waits for a sign-in, only the open events).
 */
import { FORWARDED_EVENTS, type ForwardedEventName } from '../../shared/ipc/contract';
import type { DomainEventBus } from './domain-events';
import type { EventBus } from './event-bus';

/** Forwards from now on; returns the function that stops it. */
export function forwardToPage(events: DomainEventBus, page: EventBus, mayReach: (name: ForwardedEventName) => boolean = () => true): () => void {
  const offs = (Object.keys(FORWARDED_EVENTS) as ForwardedEventName[]).map((name) => forward(events, page, name, mayReach));
  return () => {
    offs.forEach((off) => {
      off();
    });
  };
}

function forward(events: DomainEventBus, page: EventBus, name: ForwardedEventName, mayReach: (name: ForwardedEventName) => boolean): () => void {
  // The page's type of the event is the domain event's by construction (the contract derives one from
  // the other, ForwardedEvents); over the union of names TypeScript checks only the union of payloads
  // here, so the test checks that each name carries its own.
  return events.on(FORWARDED_EVENTS[name], (payload) => {
    if (mayReach(name)) page.emit(name, payload);
  });
}
