/**
 * Care for the agent, on the agent's desktop: a call is hard when it had a crisis or privacy escalation or the
 * wrap-up flagged an abusive caller. After a hard call's wrap-up the desk offers a short reset (the
 * `afterDifficultCall` reason, told to the page) and tells the team's leads (through the lead outbox) what made it
 * hard and how many hard calls came in a row; the first ordinary call after a run tells them the run is over.
 * Nothing of the caller or patient goes anywhere: the agent, the kinds, the count.
 */
import {
  HARD_ESCALATIONS,
  RESET_REASON,
  type HardCallKind,
  type HardCallNotice,
  type NotReadyCatalog,
  type ResetOffer,
} from '../../../shared/domain/not-ready';
import type { EscalationProgress } from '../../../shared/escalation/targets';
import { safeLog } from '../safe-log';

/** Calls whose escalations are remembered until their wrap-up (bounded: the oldest go first). */
const REMEMBERED_CALLS = 50;

export class CareService {
  private readonly hardByCall = new Map<string, Set<HardCallKind>>();
  private inARow = 0;

  constructor(
    private readonly reasons: NotReadyCatalog,
    /** Tells the team's leads (SIP MESSAGE through the lead outbox). */
    private readonly toLeads: (body: string) => Promise<void>,
    /** This desk's SIP user (as the team file names its agents). */
    private readonly agent: () => string,
    /** Offers the reset to the page. */
    private readonly offer: (offer: ResetOffer) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An escalation on a call: a crisis or privacy one makes the call hard. */
  escalationProgressed(p: EscalationProgress): void {
    const kind = HARD_ESCALATIONS[p.escalation];
    if (!kind) return;
    const kinds = this.hardByCall.get(p.callId) ?? new Set<HardCallKind>();
    kinds.add(kind);
    this.hardByCall.delete(p.callId);
    this.hardByCall.set(p.callId, kinds);
    while (this.hardByCall.size > REMEMBERED_CALLS) this.hardByCall.delete(this.hardByCall.keys().next().value ?? '');
  }

  /** A wrap-up was saved: a hard call offers the reset and tells the leads; an ordinary one ends a run. */
  wrapUpSaved(w: { callId: string | null; abusiveCaller?: boolean | undefined }): void {
    const kinds = new Set<HardCallKind>(w.callId ? this.hardByCall.get(w.callId) : []);
    if (w.callId) this.hardByCall.delete(w.callId);
    if (w.abusiveCaller === true) kinds.add('abusive');
    if (kinds.size === 0) {
      if (this.inARow === 0) return;
      this.inARow = 0;
      this.tell([]);
      return;
    }
    this.inARow += 1;
    const list = [...kinds];
    this.tell(list);
    this.offer({ kinds: list, reason: RESET_REASON, limitMinutes: this.reasons.get(RESET_REASON)?.limitMinutes ?? null });
  }

  /** Hard calls in a row on this desk now. */
  get hardCallsInARow(): number {
    return this.inARow;
  }

  private tell(kinds: HardCallKind[]): void {
    const notice: HardCallNotice = { type: 'carefront.hardCall', agent: this.agent(), kinds, inARow: this.inARow, at: this.now().toISOString() };
    void this.toLeads(JSON.stringify(notice)).catch((err: unknown) => {
      safeLog.warn('a hard-call notice could not be queued for the leads', err);
    });
  }
}
