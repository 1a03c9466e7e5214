/**
 * Team KPIs need every agent's contacts. With the site's FHIR server the desks write them there (the write-back) and
 * a lead's desk reads them there: nothing is sent here. Without one (the fallback), the agent's desktop sends each lead
 * a contact notice (SIP MESSAGE, no patient data) when an inbound call ends and when its wrap-up is saved; the lead's
 * desktop keeps what a team member sent as contact records (call and wrap-up figures) in its own encrypted store,
 * attributed to that member, and the KPI report reads them like its own.
 */
import crypto from 'node:crypto';
import type { CallView } from '../../../shared/domain/call';
import type { WrapUp } from '../../../shared/domain/wrap-up';
import { ContactNoticeSchema, type ContactNotice } from '../../../shared/kpi/contact-notice';
import type { ContactRecordRepository } from '../../cache/repositories/contact-records';
import { safeLog } from '../safe-log';
import { contactTimesOf, isContact } from './kpi';

export class ContactSharing {
  constructor(
    private readonly records: ContactRecordRepository,
    /** Delivers a notice to every lead of the team (through the outbox: nothing is lost while a lead is away). */
    private readonly toLeads: (body: string) => Promise<void>,
    /** Lead side: whether a SIP user is on the team (only members' notices are kept). */
    private readonly isMember: (user: string) => boolean,
    /** The team's records are on the site's FHIR server: the agent's side sends no notices. */
    private readonly viaServer = false,
  ) {}

  /** Agent side: an inbound call ended. */
  callEnded(call: CallView): void {
    if (!isContact(call)) return;
    const t = contactTimesOf(call);
    this.send({ type: 'carefront.contact', kind: 'call', callId: t.callId, offeredAt: t.offeredAt, answeredAt: t.answeredAt, endedAt: t.endedAt });
  }

  /** Agent side: the wrap-up of a call was saved. */
  wrapUpSaved(w: WrapUp): void {
    if (!w.callId) return;
    this.send({ type: 'carefront.contact', kind: 'wrapUp', callId: w.callId, disposition: w.disposition, afterCallSeconds: w.afterCallSeconds });
  }

  /** Lead side: a SIP MESSAGE; a valid contact notice from a team member is stored, anything else ignored. */
  message(from: string, body: string): boolean {
    if (!this.isMember(from) || body.length > 2048) return false;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return false;
    }
    const parsed = ContactNoticeSchema.safeParse(json);
    if (!parsed.success) return false;
    const n = parsed.data;
    if (n.kind === 'call') {
      this.records.recordCall({
        recordId: `contact-${noticeId(from, n.callId)}`,
        agent: from,
        callId: n.callId,
        offeredAt: n.offeredAt,
        answeredAt: n.answeredAt,
        endedAt: n.endedAt,
      });
    } else {
      const savedAt = new Date().toISOString();
      this.records.recordWrapUp({
        recordId: `wrapup-figures-${noticeId(from, n.callId)}`,
        agent: from,
        callId: n.callId,
        savedAt,
        disposition: n.disposition,
        afterCallSeconds: n.afterCallSeconds,
      });
    }
    return true;
  }

  private send(notice: ContactNotice): void {
    if (this.viaServer) return;
    void this.toLeads(JSON.stringify(notice)).catch((err: unknown) => {
      safeLog.warn('contact notice not posted', err);
    });
  }
}

/** The same notice sent again (a retry after the lead was away) replaces itself: one record per member and call. */
const noticeId = (from: string, callId: string): string => crypto.createHash('sha256').update(`${from}\n${callId}`).digest('hex').slice(0, 32);
