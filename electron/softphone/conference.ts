/**
 * Three-way conference for escalations that keep the agent on the line (e.g. a warm hand-over to the
 * crisis counsellor): both calls are taken off hold and their media bridged by the agent's desktop,
 * so caller and counsellor hear each other and the agent. The conference ends with either leg.
 */
import { SessionState } from 'sip.js';
import type { CallTable } from './call-table';
import { PhoneError } from './phone-error';

export class Conference {
  /** The call each conferenced call is mixed with (both directions). */
  private readonly partners = new Map<string, string>();

  constructor(
    private readonly table: CallTable,
    private readonly hold: (callId: string, hold: boolean) => Promise<void>,
  ) {}

  async join(callId: string, otherCallId: string): Promise<void> {
    const a = this.table.require(callId);
    const b = this.table.require(otherCallId);
    for (const c of [a, b]) {
      if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'Both calls must be connected');
    }
    const ma = this.table.media(a);
    const mb = this.table.media(b);
    if (!ma || !mb) throw new PhoneError('internal', 'This media cannot be conferenced');
    const held = [a, b].filter((c) => c.view.state === 'held').map((c) => c.view.id);
    for (const id of held) await this.hold(id, false);
    try {
      await ma.bridgeWith(mb);
    } catch (err) {
      // The mix carries no audio: nothing is marked conferenced, and the calls go back as they were.
      for (const id of held) if (this.table.find(id)?.session.state === SessionState.Established) await this.hold(id, true).catch(() => undefined);
      throw new PhoneError('mediaFailed', `the conference audio could not be mixed (${err instanceof Error ? err.message.slice(0, 100) : 'unknown'})`);
    }
    this.partners.set(callId, otherCallId);
    this.partners.set(otherCallId, callId);
    this.table.update(callId, { conferenceWith: [b.view.remote] });
    this.table.update(otherCallId, { conferenceWith: [a.view.remote] });
  }

  /** Undoes a conference (its audio failed): neither call is conferenced any more, the mix is torn down. */
  async undo(callId: string): Promise<string[]> {
    const partner = this.partners.get(callId);
    const ids = [callId, ...(partner ? [partner] : [])];
    for (const id of ids) {
      this.partners.delete(id);
      const c = this.table.find(id);
      if (!c) continue;
      if (c.view.conferenceWith.length) this.table.update(id, { conferenceWith: [] });
      await Promise.resolve(this.table.media(c)?.unbridge()).catch(() => undefined);
    }
    return ids;
  }

  /** A call ended: a conference it was part of ends too (the other leg's mix is undone). */
  ended(callId: string): void {
    if (this.partners.has(callId)) void this.undo(callId);
  }
}
