/**
 * Monitoring: a team lead's call to an agent's desktop to listen, whisper or barge. Lead side: the
 * mode travels in a header of the INVITE and later changes as SIP INFO. Agent side: the call is never
 * rung or popped; the host accepts it (from a lead) or rejects it, and its media is mixed with the
 * call in progress as the mode says.
 */
import { Invitation, SessionState } from 'sip.js';
import type { CallParty } from '../../shared/domain/call';
import { MONITOR_HEADER, MONITOR_INFO_TYPE, MonitorModeSchema, type MonitorMode } from '../../shared/domain/monitor';
import type { CallRecord, CallTable } from './call-table';
import { sendInfo } from './calls';
import { PhoneError } from './phone-error';
import type { Emit } from './softphone-events';
import { assertedUser } from './untrusted';

export class Monitoring {
  constructor(
    private readonly table: CallTable,
    private readonly emit: Emit,
  ) {}

  /** Agent side: a lead's monitoring call arrived (it carries the monitoring header). */
  incoming(invitation: Invitation, id: string, remote: CallParty): void {
    const mode = MonitorModeSchema.safeParse(invitation.request.getHeader(MONITOR_HEADER)?.trim());
    if (!mode.success) {
      void invitation.reject({ statusCode: 400 });
      return;
    }
    this.table.track(id, invitation, 'inbound', remote, mode.data);
    // Only the identity the SIP server asserts counts for who is asking to monitor ('' when none).
    this.emit('monitorRequest', id, assertedUser(invitation.request) ?? '', mode.data);
  }

  /** Agent side: a SIP INFO on a monitoring call that changes its mode; false when the INFO is not one. */
  modeInfo(record: CallRecord, contentType: string, body: string): boolean {
    if (!record.view.monitor || !contentType.startsWith(MONITOR_INFO_TYPE)) return false;
    const mode = MonitorModeSchema.safeParse(/^mode=([a-z]{1,10})\s*$/.exec(body)?.[1]);
    if (mode.success) this.emit('monitorMode', record.view.id, mode.data);
    return true;
  }

  /** Lead side: changes the mode of a monitoring call in progress (SIP INFO to the agent's desktop). */
  async setMode(callId: string, mode: MonitorMode): Promise<void> {
    const c = this.table.require(callId);
    if (!c.view.monitor || c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'Not a monitoring call in progress');
    try {
      await sendInfo(c, { contentDisposition: 'render', contentType: MONITOR_INFO_TYPE, content: `mode=${mode}` });
    } catch (err) {
      // Refused by the agent's desktop or the server: the session stays in the mode it had.
      throw this.table.refused(c, 'infoRefused', err);
    }
    this.table.update(callId, { monitor: mode, notice: null });
  }

  /** Agent side: answers a lead's monitoring call and mixes it with the call in progress as the mode says. */
  async accept(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    const m = this.table.require(monitorCallId);
    const c = this.table.require(callId);
    if (!m.view.monitor || !(m.session instanceof Invitation) || m.session.state !== SessionState.Initial)
      throw new PhoneError('invalidArgument', 'Not a monitoring call waiting');
    if (c.view.monitor || c.session.state !== SessionState.Established) throw new PhoneError('invalidArgument', 'No call in progress to monitor');
    await m.session.accept();
    await this.apply(monitorCallId, callId, mode);
  }

  /**
   * Agent side: (re)routes the audio between the lead's leg and the call (listen / whisper / barge).
   * Rejects with `mediaFailed` when the media could not be mixed: the session is not reported as working.
   */
  async apply(monitorCallId: string, callId: string, mode: MonitorMode): Promise<void> {
    const m = this.table.require(monitorCallId);
    const c = this.table.require(callId);
    const media = this.table.media(m);
    const callMedia = this.table.media(c);
    if (!media || !callMedia) throw new PhoneError('internal', 'This media cannot be monitored');
    try {
      await media.monitorOf(callMedia, mode);
    } catch (err) {
      throw new PhoneError('mediaFailed', `the monitoring audio could not be mixed (${err instanceof Error ? err.message.slice(0, 100) : 'unknown'})`);
    }
    this.table.update(monitorCallId, { monitor: mode });
  }

  /** Agent side: refuses a monitoring call (403 for a caller who is not a team lead). */
  async reject(monitorCallId: string, statusCode: 403 | 480 | 488): Promise<void> {
    const m = this.table.require(monitorCallId);
    if (!(m.session instanceof Invitation) || m.session.state !== SessionState.Initial) return;
    this.table.update(monitorCallId, { endReason: `monitoring refused ${statusCode}` });
    await m.session.reject({ statusCode });
  }
}
