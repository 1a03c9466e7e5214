/**
 * Transfers: blind (REFER) and attended (REFER with Replaces, RFC 3891) transfers of our calls, an
 * attended transfer arriving here (an INVITE that replaces a call we are on), and being transferred
 * ourselves (a REFER in one of our calls).
 */
import { HANDOFF_HEADER, HandoffIdSchema } from '../../shared/handoff/handoff';
import { SessionState, type Invitation, type Referral, type Session, type URI } from 'sip.js';
import type { SipAccount } from '../../shared/domain/phone';
import { partyOf, type CallRecord, type CallTable } from './call-table';
import { dialTarget } from './dial-target';
import { PhoneError } from './phone-error';
import type { SessionRegistry } from './session-registry';
import { agentOf } from './untrusted';

export class Transfers {
  constructor(
    private readonly account: SipAccount,
    private readonly table: CallTable,
    private readonly sessions: SessionRegistry,
  ) {}

  /**
   * Blind transfer: REFER the caller to the target and leave. `handoff` (an escalation's hand-off id) goes in a header
   * of the REFER: the SIP server, having authenticated this desk, puts it on the caller's new INVITE to the target.
   */
  async blind(callId: string, target: string, handoff?: string): Promise<void> {
    const c = this.table.require(callId);
    const uri = dialTarget(target, this.account);
    if (!uri) throw new PhoneError('phoneInvalidNumber', 'Not a transfer target');
    if (handoff !== undefined && !HandoffIdSchema.safeParse(handoff).success) throw new PhoneError('invalidArgument', 'Not a hand-off id');
    const before = this.transferable(c);
    this.table.update(callId, { state: 'transferring' });
    try {
      await this.refer(c.session, uri, handoff ? [`${HANDOFF_HEADER}: ${handoff}`] : []);
    } catch (err) {
      // Refused by the far end or the server (403, 408, ...): the caller is still on the line with us.
      throw this.table.refused(c, 'transferRefused', err, this.table.stillUp(c) ? { state: before } : {});
    }
    this.table.update(callId, { endReason: 'transferred', notice: null });
    this.table.terminate(c.session);
  }

  /** Attended transfer: the agent has talked to the target on `consultCallId`; join caller and target (REFER with Replaces). */
  async attended(callId: string, consultCallId: string): Promise<void> {
    const c = this.table.require(callId);
    const consult = this.table.require(consultCallId);
    const before = this.transferable(c);
    this.table.update(callId, { state: 'transferring' });
    try {
      await this.refer(c.session, consult.session);
    } catch (err) {
      throw this.table.refused(c, 'transferRefused', err, this.table.stillUp(c) ? { state: before } : {});
    }
    this.table.update(callId, { endReason: 'transferred' });
    this.table.update(consultCallId, { endReason: 'transferred' });
    // Leave the caller; the consult leg stays up until the colleague's phone replaces it (and hangs it up).
    this.table.terminate(c.session);
  }

  /** The established call an INVITE with a Replaces header (RFC 3891) points at, if any. */
  replacedBy(invitation: Invitation): CallRecord | undefined {
    const header = invitation.request.getHeader('Replaces');
    if (!header || header.length > 500) return undefined;
    const [callId, ...params] = header.split(';').map((p) => p.trim());
    const tags = Object.fromEntries(params.map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    return this.table.records().find((c) => {
      const d = c.session.dialog;
      return d && d.callId === callId && c.session.state === SessionState.Established && (d.localTag === tags['to-tag'] || d.remoteTag === tags['from-tag']);
    });
  }

  /**
   * We are being transferred: accept, then call the party we were referred to (with Replaces for an
   * attended transfer). The new call is tracked like any other.
   */
  referred(referral: Referral): void {
    void referral.accept().then(() => {
      const inviter = referral.makeInviter();
      const leg = this.table.track(this.sessions.idFor(inviter), inviter, 'outbound', partyOf(inviter.remoteIdentity.uri, null));
      return inviter.invite({ requestDelegate: { onAccept: (response) => (leg.remoteAgent = agentOf(response.message)) } });
    });
  }

  /** The state a call returns to if its transfer is refused (only a connected call can be transferred). */
  private transferable(c: CallRecord): 'active' | 'held' {
    if (c.session.state !== SessionState.Established || (c.view.state !== 'active' && c.view.state !== 'held')) {
      throw new PhoneError('invalidArgument', 'The call is not connected');
    }
    return c.view.state;
  }

  private refer(session: Session, target: URI | Session, extraHeaders: string[] = []): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      void session
        .refer(target, {
          ...(extraHeaders.length ? { requestOptions: { extraHeaders } } : {}),
          requestDelegate: {
            onAccept: () => {
              resolve();
            },
            onReject: (r) => {
              reject(new PhoneError('phoneRefused', `transfer refused (${r.message.statusCode})`, r.message.statusCode));
            },
          },
        })
        .catch(() => {
          reject(new PhoneError('internal', 'The REFER could not be sent'));
        });
    });
  }
}
