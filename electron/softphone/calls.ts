/**
 * Calls: incoming and outgoing INVITEs, answer, reject, hang-up, hold, mute and DTMF. The call table
 * keeps the calls; monitoring calls and attended transfers arriving here are handed to their parts.
 */
import { Invitation, Inviter, SessionState, type Info, type UserAgent } from 'sip.js';
import type { CallView } from '../../shared/domain/call';
import { MONITOR_HEADER, type MonitorMode } from '../../shared/domain/monitor';
import type { SipAccount } from '../../shared/domain/phone';
import { HANDOFF_HEADER, HandoffIdSchema } from '../../shared/handoff/handoff';
import { must } from '../../shared/must';
import { nowIso, partyOf, type CallRecord, type CallTable } from './call-table';
import { dialTarget } from './dial-target';
import type { Monitoring } from './monitoring';
import { dtmfBySipInfo } from './peer-quirks';
import { PhoneError } from './phone-error';
import type { Registration } from './registration';
import type { Renegotiation } from './renegotiation';
import type { SessionRegistry } from './session-registry';
import type { Emit } from './softphone-events';
import type { Transfers } from './transfers';
import { agentOf, assertedUser, handoffSender } from './untrusted';

export interface CallsDeps {
  ua: UserAgent;
  account: SipAccount;
  table: CallTable;
  sessions: SessionRegistry;
  registration: Registration;
  renegotiation: Renegotiation;
  monitoring: Monitoring;
  transfers: Transfers;
  emit: Emit;
  /** A status code refuses a new incoming call before it rings (see SoftphoneOptions.refuseIncoming). */
  refuseIncoming?: () => 480 | 486 | null;
}

/** A SIP INFO in the call, settled by the far end's final response (a refusal rejects with its status). */
export function sendInfo(c: CallRecord, body: { contentDisposition: string; contentType: string; content: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    c.session
      .info({
        requestOptions: { body },
        requestDelegate: {
          onAccept: () => {
            resolve();
          },
          onReject: (r) => {
            reject(new PhoneError('phoneRefused', `INFO refused (${r.message.statusCode})`, r.message.statusCode));
          },
        },
      })
      .catch(() => {
        reject(new PhoneError('internal', 'The INFO could not be sent'));
      });
  });
}

export class Calls {
  constructor(private readonly d: CallsDeps) {}

  incoming(invitation: Invitation): void {
    const { table, transfers } = this.d;
    const id = this.d.sessions.idFor(invitation);
    const remote = partyOf(invitation.remoteIdentity.uri, invitation.remoteIdentity.displayName);
    if (invitation.request.getHeader(MONITOR_HEADER) !== undefined) {
      this.d.monitoring.incoming(invitation, id, remote);
      return;
    }
    const replaced = transfers.replacedBy(invitation);
    const refusal = replaced ? null : (this.d.refuseIncoming?.() ?? null);
    if (refusal) {
      // Not rung, not popped, not tracked: the caller's side hears the status (e.g. 480 on a break).
      void invitation.reject({ statusCode: refusal }).catch(() => undefined);
      return;
    }
    const record = table.track(id, invitation, 'inbound', remote);
    record.remoteAgent = agentOf(invitation.request);
    this.handoffOffered(record, invitation, replaced);
    if (replaced) {
      // Attended transfer arriving here: the new call takes the place of one we are on.
      table.update(replaced.view.id, { endReason: 'replaced by transfer' });
      void invitation.accept().then(() => {
        table.terminate(replaced.session);
      });
    }
  }

  /**
   * A call that carries a hand-off id (an escalation's consult INVITE), or an attended transfer replacing a call that
   * did: the host is told the id and who the SIP server asserts placed the call (null: nobody asserted). The host
   * decides whether to trust it; the header alone proves nothing.
   */
  private handoffOffered(record: CallRecord, invitation: Invitation, replaced: CallRecord | undefined): void {
    const header = invitation.request.getHeader(HANDOFF_HEADER);
    const id = header === undefined ? undefined : HandoffIdSchema.safeParse(header.trim());
    // Who sent it, in the SIP server's words: the desk that referred the call (a blind transfer), else the one that placed it.
    if (id?.success) record.handoff = { id: id.data, assertedSender: handoffSender(invitation.request) ?? assertedUser(invitation.request) };
    else if (replaced?.handoff) record.handoff = { ...replaced.handoff };
    if (record.handoff) this.d.emit('handoff', record.view.id, record.handoff.id, record.handoff.assertedSender);
  }

  /** Places a call (a lead's monitoring call when `monitor` is set: the mode travels in a header; an escalation's hand-off id likewise). */
  async invite(number: string, monitor: MonitorMode | null, handoff?: string): Promise<CallView> {
    if (!this.d.registration.registered) throw new PhoneError('phoneOffline', 'The phone is not registered');
    const target = dialTarget(number, this.d.account);
    if (!target) throw new PhoneError('phoneInvalidNumber', 'Not a number or SIP address that can be dialled');
    if (handoff !== undefined && !HandoffIdSchema.safeParse(handoff).success) throw new PhoneError('invalidArgument', 'Not a hand-off id');
    const extraHeaders = [...(monitor ? [`${MONITOR_HEADER}: ${monitor}`] : []), ...(handoff ? [`${HANDOFF_HEADER}: ${handoff}`] : [])];
    const inviter = new Inviter(this.d.ua, target, extraHeaders.length ? { extraHeaders } : {});
    const id = this.d.sessions.idFor(inviter);
    const record = this.d.table.track(id, inviter, 'outbound', partyOf(target, null), monitor);
    await inviter.invite({
      requestDelegate: {
        onAccept: (response) => (record.remoteAgent = agentOf(response.message)),
        onReject: (response) => {
          this.d.table.update(id, { endReason: `rejected ${response.message.statusCode}` });
        },
      },
    });
    return structuredClone(record.view);
  }

  async answer(callId: string): Promise<void> {
    const c = this.d.table.require(callId);
    if (!(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) throw new PhoneError('invalidArgument', 'This call is not ringing');
    await c.session.accept();
  }

  async reject(callId: string): Promise<void> {
    const c = this.d.table.require(callId);
    if (!(c.session instanceof Invitation) || c.session.state !== SessionState.Initial) throw new PhoneError('invalidArgument', 'This call is not ringing');
    this.d.table.update(callId, { endReason: 'rejected by agent' });
    await c.session.reject({ statusCode: 486 });
  }

  /** `reason` (RFC 3326) tells the other end why, e.g. a monitoring leg ended because its audio failed. */
  hangup(callId: string, reason?: { cause: number; text: string }): Promise<void> {
    // Done at once; an unknown call is a rejection (callers catch it), not a throw.
    return new Promise((resolve) => {
      const c = this.d.table.require(callId);
      this.d.table.update(callId, { endReason: reason ? `hung up by agent: ${reason.text}` : 'hung up by agent' });
      this.d.table.terminate(c.session, reason ? [`Reason: SIP;cause=${reason.cause};text="${reason.text.replace(/[^a-z ]/gi, '')}"`] : []);
      resolve();
    });
  }

  async hold(callId: string, hold: boolean): Promise<void> {
    const c = this.d.table.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    try {
      await this.d.renegotiation.renegotiate(c, { hold });
    } catch (err) {
      throw this.d.table.refused(c, hold ? 'holdRefused' : 'resumeRefused', err);
    }
    this.d.table.update(callId, { state: hold ? 'held' : 'active', heldSince: hold ? nowIso() : null, notice: null });
  }

  mute(callId: string, muted: boolean): void {
    const c = this.d.table.require(callId);
    this.d.table.media(c)?.setMuted(muted);
    this.d.table.update(callId, { muted });
  }

  /** RFC 4733 in the media path; SIP INFO when the peer offered no telephone-event or miscounts RFC 4733 (peer-quirks.ts). */
  async dtmf(callId: string, digits: string): Promise<'rtp' | 'info'> {
    if (!/^[0-9*#A-D]{1,32}$/.test(digits)) throw new PhoneError('invalidArgument', 'DTMF digits are 0-9 * # A-D');
    const c = this.d.table.require(callId);
    if (c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'The call is not connected');
    const media = this.d.table.media(c);
    if (!dtmfBySipInfo(c.remoteAgent) && media && media.supportsRtpDtmf() && media.sendDtmf(digits)) return 'rtp';
    for (const d of digits) {
      try {
        await sendInfo(c, { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${d}\r\nDuration=160` });
      } catch (err) {
        throw this.d.table.refused(c, 'infoRefused', err);
      }
    }
    return 'info';
  }

  /** A SIP INFO in a call: a monitoring mode change, or a DTMF digit sent as SIP INFO. */
  receivedInfo(record: CallRecord, info: Info): void {
    const body = info.request.body.slice(0, 200);
    void info.accept();
    if (this.d.monitoring.modeInfo(record, info.request.getHeader('Content-Type') ?? '', body)) return;
    const m = /Signal\s*=\s*([0-9*#A-D])/i.exec(body);
    if (m) this.d.emit('dtmf', record.view.id, must(m[1], 'the signal the pattern matched').toUpperCase(), 'info');
  }
}
