/**
 * How a phone (the live one, or practice's simulated one) reports its calls as domain events: every
 * change as `call.changed`, and the end of each call once as `call.ended`, with its leg, why it ended
 * and whether it was answered, however many times the phone says it ended.
 */
import type { CallView } from '../../shared/domain/call';
import { legOf } from '../../shared/events/domain-events';
import type { DomainEventBus } from './domain-events';

/** Calls reported ended are remembered this long (by count) so a late repeat is still recognised. */
const REMEMBERED_ENDINGS = 512;

export class CallReporter {
  private readonly ended = new Set<string>();
  private readonly consults = new Set<string>();

  constructor(private readonly events: DomainEventBus) {}

  /** The call was placed for an escalation: the agent's consult leg with its target. */
  markConsult(callId: string): void {
    if (!this.ended.has(callId)) this.consults.add(callId);
  }

  changed(call: CallView): void {
    this.events.emit('call.changed', call);
    if (call.state !== 'ended' || this.ended.has(call.id)) return;
    this.ended.add(call.id);
    const oldest = this.ended.values().next();
    if (this.ended.size > REMEMBERED_ENDINGS && !oldest.done) this.ended.delete(oldest.value);
    const consult = this.consults.delete(call.id);
    this.events.emit('call.ended', { callId: call.id, leg: legOf(call, consult), reason: call.endReason, answered: call.answeredAt !== null, call });
  }
}
