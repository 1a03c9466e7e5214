/**
 * Contact records (table `contact_record`): the figures the team KPIs are computed from, no patient
 * data. A `call` record when an inbound call ends (offered, answered or not, ended); a `wrap-up`
 * record when its wrap-up is saved (disposition, after-call seconds); each under the agent who took
 * the call. A record kept again under the same record id replaces itself (a notice sent twice).
 * Survey answers stay what the survey system sent (imported Communications) and are read here by
 * their extension, joined to the calls by id.
 */
import type { AuditContext } from '../audit/audit-event';
import { readRecordFields, RECORD_SHAPES } from '../fhir/record-shapes';
import { guardStore } from '../store-errors';
import type { Store } from '../store';

export interface CallRecord {
  recordId: string;
  agent: string;
  callId: string;
  offeredAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

export interface WrapUpRecord {
  recordId: string;
  agent: string;
  callId: string;
  /** When the wrap-up was saved. */
  savedAt: string;
  disposition: string | null;
  afterCallSeconds: number | null;
  satisfaction?: number | null;
}

export interface SurveyAnswer {
  callId: string;
  score: number;
}

/** The periods a KPI report reads: calls offered in [from, to), wrap-ups saved and surveys answered up to their own ends. */
export interface KpiWindow {
  from: string;
  to: string;
  wrapUpsTo: string;
  surveysTo: string;
}

interface Row {
  record_id: string;
  kind: 'call' | 'wrap-up';
  agent: string;
  call_id: string;
  at: string;
  answered_at: string | null;
  ended_at: string | null;
  disposition: string | null;
  after_call_seconds: number | null;
  satisfaction: number | null;
}

const UPSERT = `INSERT INTO contact_record (record_id, kind, agent, call_id, at, answered_at, ended_at, disposition, after_call_seconds, satisfaction, recorded_at)
  VALUES (@record_id, @kind, @agent, @call_id, @at, @answered_at, @ended_at, @disposition, @after_call_seconds, @satisfaction, @recorded_at)
  ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, agent = excluded.agent, call_id = excluded.call_id, at = excluded.at, answered_at = excluded.answered_at,
    ended_at = excluded.ended_at, disposition = excluded.disposition, after_call_seconds = excluded.after_call_seconds, satisfaction = excluded.satisfaction,
    recorded_at = excluded.recorded_at`;

export class ContactRecordRepository {
  constructor(private readonly store: Store) {}

  recordCall(c: CallRecord, now = new Date()): void {
    this.upsert({
      record_id: c.recordId,
      kind: 'call',
      agent: c.agent,
      call_id: c.callId,
      at: c.offeredAt,
      answered_at: c.answeredAt,
      ended_at: c.endedAt,
      disposition: null,
      after_call_seconds: null,
      satisfaction: null,
      recorded_at: now.toISOString(),
    });
  }

  recordWrapUp(w: WrapUpRecord, now = new Date()): void {
    this.upsert({
      record_id: w.recordId,
      kind: 'wrap-up',
      agent: w.agent,
      call_id: w.callId,
      at: w.savedAt,
      answered_at: null,
      ended_at: null,
      disposition: w.disposition,
      after_call_seconds: w.afterCallSeconds,
      satisfaction: w.satisfaction ?? null,
      recorded_at: now.toISOString(),
    });
  }

  /**
   * What a KPI report reads: the calls, the wrap-ups and the survey answers in their periods, by
   * index (no scan of the resources' text). Audited as one export of contact figures.
   */
  forKpis(w: KpiWindow, ctx: AuditContext): { calls: CallRecord[]; wrapUps: WrapUpRecord[]; surveys: SurveyAnswer[] } {
    const db = this.store.connection();
    const read = guardStore(() => {
      const byKind = db.prepare<[string, string, string], Row>('SELECT * FROM contact_record WHERE kind = ? AND at >= ? AND at < ? ORDER BY id');
      const calls = byKind
        .all('call', w.from, w.to)
        .map((r) => ({ recordId: r.record_id, agent: r.agent, callId: r.call_id, offeredAt: r.at, answeredAt: r.answered_at, endedAt: r.ended_at }));
      const wrapUps = byKind.all('wrap-up', w.from, w.wrapUpsTo).map((r) => ({
        recordId: r.record_id,
        agent: r.agent,
        callId: r.call_id,
        savedAt: r.at,
        disposition: r.disposition,
        afterCallSeconds: r.after_call_seconds,
        satisfaction: r.satisfaction,
      }));
      return { calls, wrapUps, surveys: this.surveyAnswers(w.from, w.surveysTo) };
    });
    const found = read.calls.length + read.wrapUps.length + read.surveys.length > 0;
    this.store.auditLog.append({ operation: 'export', ctx, patientIds: [], fields: ['contact-figures'], outcome: found ? 'success' : 'not-found' });
    return read;
  }

  /**
   * Only the survey answers imported here, sent in [from, to): what a KPI report read from the FHIR server adds to the
   * server's own answers. Audited as one export of contact figures.
   */
  surveysForKpis(from: string, to: string, ctx: AuditContext): SurveyAnswer[] {
    const surveys = guardStore(() => this.surveyAnswers(from, to));
    this.store.auditLog.append({ operation: 'export', ctx, patientIds: [], fields: ['contact-figures'], outcome: surveys.length ? 'success' : 'not-found' });
    return surveys;
  }

  /** Survey answers (imported Communications with the survey extension) sent in [from, to). */
  private surveyAnswers(from: string, to: string): SurveyAnswer[] {
    const rows = this.store
      .connection()
      .prepare<[string, string, string], { json: string }>(
        `SELECT r.json FROM resource r
         WHERE r.type = 'Communication' AND json_extract(r.json, '$.sent') >= ? AND json_extract(r.json, '$.sent') < ?
           AND EXISTS (SELECT 1 FROM json_each(r.json, '$.extension') e WHERE json_extract(e.value, '$.url') = ?)`,
      )
      .all(from, to, RECORD_SHAPES.surveyResponse.url);
    return rows.flatMap((r) => {
      const f = readRecordFields(RECORD_SHAPES.surveyResponse, JSON.parse(r.json) as unknown);
      return f?.callId && typeof f.score === 'number' ? [{ callId: f.callId, score: f.score }] : [];
    });
  }

  private upsert(row: Row & { recorded_at: string }): void {
    const db = this.store.connection();
    guardStore(() => db.prepare(UPSERT).run(row));
  }
}
