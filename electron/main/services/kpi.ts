/**
 * Contact records and team KPIs. Every inbound call that ends on this desktop is kept as a contact
 * record (offered / answered / ended times, no patient data); the KPI report joins those with the
 * wrap-up figures (disposition, after-call work) and survey answers (score) by call id and computes
 * the figures (shared/kpi).
 */
import crypto from 'node:crypto';
import type { CallView } from '../../../shared/domain/call';
import { DISPOSITIONS } from '../../../shared/domain/dispositions';
import { kpiReport, type ContactRecord, type KpiReport } from '../../../shared/kpi/kpi';
import type { Team, Thresholds } from '../../../shared/team/team';
import { CAREFRONT_EXTENSIONS } from '../../cache/fhir/extensions';
import type { CallRecord, ContactRecordRepository, KpiWindow, SurveyAnswer, WrapUpRecord } from '../../cache/repositories/contact-records';
import { NO_WRITE_BACK, type WriteBack } from '../../ehr/write-back';
import { callFiguresWrite } from '../../ehr/write-back-mapping';

/** The survey system's answers (imported FHIR Communications), joined to the call by id. */
export const SURVEY_EXT = CAREFRONT_EXTENSIONS.surveyResponse;
/** Survey answers arrive days after the call: they are looked for this long after the period. */
const SURVEY_WINDOW_MS = 30 * 86_400_000;

export interface ContactTimes {
  callId: string;
  offeredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

export const contactTimesOf = (call: CallView): ContactTimes => ({
  callId: call.id,
  offeredAt: call.createdAt,
  answeredAt: call.answeredAt,
  endedAt: call.endedAt,
});

/** Inbound calls that ended (answered or abandoned) are contacts; monitoring legs are not. */
export const isContact = (call: CallView) => call.direction === 'inbound' && !call.monitor && call.state === 'ended';

/**
 * Records an inbound call that ended (answered or abandoned), and queues its figures for the site's FHIR server
 * (when it has one), named by the desk's SIP user (as the team file names its agents). Monitoring legs are not contacts.
 */
export function recordContact(contacts: ContactRecordRepository, call: CallView, actor: string, writeBack: WriteBack = NO_WRITE_BACK, sipUser = ''): void {
  if (!isContact(call)) return;
  const record = { recordId: `contact-${crypto.randomUUID()}`, agent: actor, ...contactTimesOf(call) };
  contacts.recordCall(record);
  writeBack.create(callFiguresWrite(record, sipUser));
}

const seconds = (from: string, to: string | null | undefined) => (to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : 0);
const isScore = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isInteger(n) && n >= 1 && n <= 5;

/** Joins contact records with their wrap-ups and survey answers (by call id) into KPI input. */
export function contactRecords(calls: readonly CallRecord[], wrapUps: readonly WrapUpRecord[], surveys: readonly SurveyAnswer[] = []): ContactRecord[] {
  const byCall = new Map(wrapUps.map((w) => [w.callId, w]));
  const scores = new Map(surveys.filter((s) => isScore(s.score)).map((s) => [s.callId, s.score]));
  return calls.map((c) => {
    const w = byCall.get(c.callId);
    const disposition = w?.disposition ?? '';
    const satisfaction = scores.get(c.callId) ?? w?.satisfaction;
    return {
      callId: c.callId,
      agent: c.agent,
      offeredAt: new Date(c.offeredAt).toISOString(),
      answerSeconds: c.answeredAt ? seconds(c.offeredAt, c.answeredAt) : null,
      talkSeconds: c.answeredAt ? seconds(c.answeredAt, c.endedAt) : 0,
      afterCallSeconds: w?.afterCallSeconds ?? 0,
      disposition: DISPOSITIONS.has(disposition) ? disposition : null,
      satisfaction: isScore(satisfaction) ? satisfaction : null,
    };
  });
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

/** What a report over [from, to) reads: calls offered in it, wrap-ups saved up to a day after it (they come after the call), survey answers up to 30 days after. */
export function kpiWindow(from: string, to: string): KpiWindow {
  const wrapUpsTo = new Date(Date.parse(to) + 86_400_000).toISOString();
  const surveysTo = new Date(Date.parse(to) + SURVEY_WINDOW_MS).toISOString();
  return { from, to, wrapUpsTo, surveysTo };
}

/** The team's KPIs from this desk's own store (its own contacts and, without a FHIR server, what the agents sent). */
export function teamKpis(
  contacts: ContactRecordRepository,
  from: string,
  to: string,
  serviceLevel: Thresholds['serviceLevel'],
  actor: string,
  nameOf?: (agent: string) => string,
): KpiReport {
  const read = contacts.forKpis(kpiWindow(from, to), { actor, reason: 'team KPIs' });
  return kpiReport(contactRecords(read.calls, read.wrapUps, read.surveys), from, to, serviceLevel, nameOf);
}
