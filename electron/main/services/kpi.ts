/**
 * Contact records and team KPIs. Every inbound call that ends on this desktop is written to the cache
 * as a FHIR Communication with the contact extension (offered / answered / ended times, no patient
 * data), through the same import path as wrap-ups; the KPI report joins those with the wrap-ups
 * (disposition, after-call work, survey score) by call id and computes the figures (shared/kpi).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { CallView } from '../../../shared/domain/call';
import { DISPOSITIONS } from '../../../shared/domain/wrap-up';
import { kpiReport, type ContactRecord, type KpiReport } from '../../../shared/kpi/kpi';
import type { Team, Thresholds } from '../../../shared/team/team';
import type { PatientCache } from '../../cache';
import { WRAP_UP_EXT } from './wrap-up';
import { safeLog } from '../safe-log';

export const CONTACT_EXT = 'urn:carefront:contact-record';
/**
 * A post-call survey answer, as the survey system exports it (FHIR NDJSON, imported with
 * `carefront-admin import`): a Communication whose extension names the call and the score, 1 to 5.
 * It is joined to the call by id; it carries no patient data.
 */
export const SURVEY_EXT = 'urn:carefront:survey-response';
/** Survey answers arrive days after the call: they are looked for this long after the period. */
const SURVEY_WINDOW_MS = 30 * 86_400_000;

export interface ContactTimes {
  callId: string;
  offeredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

/** A contact record: when an inbound call was offered, answered (or not: abandoned) and ended. No patient data. */
export function contactToCommunication(c: ContactTimes, sender: string, id = `contact-${crypto.randomUUID()}`): Record<string, unknown> & { id: string } {
  return {
    resourceType: 'Communication',
    id,
    status: c.answeredAt ? 'completed' : 'not-done',
    sent: c.offeredAt,
    sender: { display: sender },
    extension: [
      {
        url: CONTACT_EXT,
        extension: [
          { url: 'callId', valueString: c.callId },
          ...(c.answeredAt ? [{ url: 'answeredAt', valueDateTime: c.answeredAt }] : []),
          ...(c.endedAt ? [{ url: 'endedAt', valueDateTime: c.endedAt }] : []),
        ],
      },
    ],
  };
}

export const contactTimesOf = (call: CallView): ContactTimes => ({ callId: call.id, offeredAt: call.createdAt, answeredAt: call.answeredAt, endedAt: call.endedAt });

/** Inbound calls that ended (answered or abandoned) are contacts; monitoring legs are not. */
export const isContact = (call: CallView) => call.direction === 'inbound' && !call.monitor && call.state === 'ended';

/** Records an inbound call that ended (answered or abandoned). Monitoring legs are not contacts. */
export function recordContact(cache: PatientCache, call: CallView, actor: string): void {
  if (!isContact(call)) return;
  const report = cache.importGenerated([contactToCommunication(contactTimesOf(call), actor)], '(contact record)');
  if (report.committed !== 1) safeLog.warn(`contact record not saved (${report.issues[0]?.reason ?? 'not committed'})`);
}

const Ext = z.object({ url: z.string(), valueString: z.string().optional(), valueDateTime: z.string().optional(), valueInteger: z.number().optional(), valueCode: z.string().optional() });
const CommunicationSchema = z.object({ sent: z.string(), sender: z.object({ display: z.string() }).optional(), extension: z.array(z.object({ url: z.string(), extension: z.array(Ext) })) });

function fields(resource: unknown, url: string): { sent: string; sender: string; get: (name: string) => z.infer<typeof Ext> | undefined } | null {
  const parsed = CommunicationSchema.safeParse(resource);
  if (!parsed.success) return null;
  const ext = parsed.data.extension.find((e) => e.url === url);
  if (!ext) return null;
  return { sent: parsed.data.sent, sender: parsed.data.sender?.display ?? '', get: (name) => ext.extension.find((e) => e.url === name) };
}

const seconds = (from: string, to: string | undefined) => (to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : 0);

/** Joins contact records with their wrap-ups and survey answers (by call id) into KPI input. */
export function contactRecords(contacts: unknown[], wrapUps: unknown[], surveys: unknown[] = []): ContactRecord[] {
  const byCall = new Map<string, NonNullable<ReturnType<typeof fields>>>();
  for (const w of wrapUps) {
    const f = fields(w, WRAP_UP_EXT);
    const callId = f?.get('callId')?.valueString;
    if (f && callId) byCall.set(callId, f);
  }
  const scores = new Map<string, number>();
  for (const sv of surveys) {
    const f = fields(sv, SURVEY_EXT);
    const callId = f?.get('callId')?.valueString;
    const score = f?.get('score')?.valueInteger;
    if (callId && score !== undefined && Number.isInteger(score) && score >= 1 && score <= 5) scores.set(callId, score);
  }
  const out: ContactRecord[] = [];
  for (const c of contacts) {
    const f = fields(c, CONTACT_EXT);
    const callId = f?.get('callId')?.valueString;
    if (!f || !callId) continue;
    const answeredAt = f.get('answeredAt')?.valueDateTime;
    const w = byCall.get(callId);
    const disposition = w?.get('disposition')?.valueCode;
    const satisfaction = scores.get(callId) ?? w?.get('satisfaction')?.valueInteger;
    out.push({
      callId,
      agent: f.sender,
      offeredAt: new Date(f.sent).toISOString(),
      answerSeconds: answeredAt ? seconds(f.sent, answeredAt) : null,
      talkSeconds: answeredAt ? seconds(answeredAt, f.get('endedAt')?.valueDateTime) : 0,
      afterCallSeconds: w?.get('afterCallSeconds')?.valueInteger ?? 0,
      disposition: (DISPOSITIONS as readonly string[]).includes(disposition ?? '') ? (disposition as ContactRecord['disposition']) : null,
      satisfaction: satisfaction !== undefined && satisfaction >= 1 && satisfaction <= 5 ? satisfaction : null,
    });
  }
  return out;
}

/**
 * Who an agent is, for the KPIs: the team file's name for a member's SIP user; this desktop's own
 * contacts (recorded under its actor) are named as its SIP user is, or by the SIP user itself.
 */
export function agentNames(team: Team, actor: string, ownSipUser: string): (agent: string) => string {
  const names = new Map(team.members.map((m) => [m.agent, m.name]));
  return (agent) => {
    const user = agent === actor && ownSipUser ? ownSipUser : agent;
    return names.get(user) ?? user.replace(/^workstation-user\//, '');
  };
}

export function teamKpis(cache: PatientCache, from: string, to: string, serviceLevel: Thresholds['serviceLevel'], actor: string, nameOf?: (agent: string) => string): KpiReport {
  const ctx = { actor, reason: 'team KPIs' };
  // Wrap-ups are saved after the call: look a day past the period for them.
  const wrapUpsTo = new Date(Date.parse(to) + 86_400_000).toISOString();
  const surveysTo = new Date(Date.parse(to) + SURVEY_WINDOW_MS).toISOString();
  const records = contactRecords(
    cache.communicationsWithExtension(CONTACT_EXT, from, to, ctx),
    cache.communicationsWithExtension(WRAP_UP_EXT, from, wrapUpsTo, ctx),
    cache.communicationsWithExtension(SURVEY_EXT, from, surveysTo, ctx),
  );
  return kpiReport(records, from, to, serviceLevel, nameOf);
}
