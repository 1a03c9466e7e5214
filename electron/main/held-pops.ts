/**
 * Calls that ring while nobody is signed in at the desk (it locked itself, or waits for a sign-in). Such a call
 * is not popped: no lookup of the caller, nothing of them on the page or in the audit trail under nobody's name.
 * The sign-in screen is told only that a call rings. Once the user signs in and the page is ready
 * (`resume`), the calls still ringing are popped for that user, as they would have been.
 */
import type { CallView } from '../../shared/domain/call';
import type { DeskIdentity } from './desk-identity';

export class HeldPops {
  private readonly held = new Map<string, CallView>();

  constructor(
    private readonly identity: Pick<DeskIdentity, 'signedIn' | 'setRingingWhileLocked'>,
    private readonly pop: (call: CallView) => void,
  ) {}

  /** A caller's call rang in: popped now, or held while nobody is at the desk. */
  rang(call: CallView): void {
    if (this.identity.signedIn()) {
      this.pop(call);
      return;
    }
    this.held.set(call.id, call);
    this.tell();
  }

  /** Every change of a call: one no longer ringing (answered elsewhere, given up, refused) is no longer held. */
  changed(call: CallView): void {
    if (!this.held.has(call.id)) return;
    if (call.state === 'ringing') this.held.set(call.id, call);
    else this.held.delete(call.id);
    this.tell();
  }

  /** The signed-in user's page is ready: the calls still ringing are popped for them. How many were. */
  resume(): number {
    if (!this.identity.signedIn()) return 0;
    const calls = [...this.held.values()];
    this.held.clear();
    this.tell();
    for (const call of calls) this.pop(call);
    return calls.length;
  }

  private tell(): void {
    this.identity.setRingingWhileLocked(this.held.size > 0);
  }
}
