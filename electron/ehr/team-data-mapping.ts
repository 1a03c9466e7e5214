/**
 * The read side of the team's records on the organisation's FHIR server: what a team lead's desk makes of the contact
 * figures, survey answers and practice attempts the desks wrote (write-back-mapping.ts), by the shapes both sides
 * share (cache/fhir/record-shapes.ts). Every resource is checked as outside input: the category, the extension's typed
 * fields, the ranges (a call id, ISO times, a disposition, seconds, a score 1–5, a percent, a bounded report). What
 * does not pass is `null` — the caller leaves it out and counts it — never an exception and never a guess.
 */
import { z } from 'zod';
import { CallIdSchema } from '../../shared/domain/call';
import { DispositionCode } from '../../shared/domain/dispositions';
import { TraineeName } from '../../shared/ipc/contract';
import type { PracticeReport } from '../../shared/practice/score';
import type { PracticeAttempt } from '../../shared/practice/view';
import { RECORD_KIND_SYSTEM, RECORD_SHAPES, readRecordFields } from '../cache/fhir/record-shapes';
import type { CallRecord, SurveyAnswer, WrapUpRecord } from '../cache/repositories/contact-records';
import { PRACTICE_REPORT_TITLE } from './write-back-mapping';

/** The largest practice score report read back (its JSON, decoded). */
const MAX_REPORT_BYTES = 256 * 1024;

const Iso = z.iso.datetime({ offset: true });
const ServerId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
/** Who a record names: a SIP user or a desk's actor; one line, bounded. */
const AgentName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}]+$/u);

const CallFigures = z.object({
  callId: CallIdSchema,
  offeredAt: Iso,
  answeredAt: Iso.nullable(),
  endedAt: Iso.nullable(),
});
const WrapUpFigures = z.object({
  callId: CallIdSchema,
  savedAt: Iso,
  disposition: DispositionCode.nullable(),
  afterCallSeconds: z.number().int().min(0).max(86_400).nullable(),
});
const SurveyFigures = z.object({ callId: CallIdSchema, score: z.number().int().min(1).max(5) });
const AttemptFigures = z.object({
  scenarioId: z.string().regex(/^[a-z][a-zA-Z0-9-]{1,60}$/),
  startedAt: Iso,
  endedAt: Iso,
  percent: z.number().int().min(0).max(100),
  passed: z.boolean(),
});
/** The parts of a score report the history relies on (the rest is kept as it was scored). */
const ReportShape = z.looseObject({
  scenarioId: z.string(),
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  autoFailed: z.array(z.string()).max(100),
  items: z.array(z.looseObject({ id: z.string(), result: z.string() })).max(200),
});

export type ServerContact = { kind: 'call'; call: CallRecord } | { kind: 'wrap-up'; wrapUp: WrapUpRecord };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resource's server id, when it is a Communication of the record kind `category`. */
function communicationOf(resource: unknown, category: string): { id: string; r: Record<string, unknown> } | null {
  if (!isRecord(resource) || resource.resourceType !== 'Communication') return null;
  const id = ServerId.safeParse(resource.id);
  if (!id.success || !Array.isArray(resource.category)) return null;
  const marked = resource.category.some(
    (c: unknown) =>
      isRecord(c) && Array.isArray(c.coding) && c.coding.some((k: unknown) => isRecord(k) && k.system === RECORD_KIND_SYSTEM && k.code === category),
  );
  return marked ? { id: id.data, r: resource } : null;
}

const senderOf = (r: Record<string, unknown>): unknown => (isRecord(r.sender) ? r.sender.display : undefined);

/** A contact's figures (a call, or its wrap-up) read back from the server, or null when it is not well formed. */
export function contactFromServer(resource: unknown): ServerContact | null {
  const c = communicationOf(resource, RECORD_SHAPES.contact.category);
  const f = c && readRecordFields(RECORD_SHAPES.contact, c.r);
  if (!c || !f) return null;
  // The team file names agents by SIP user; a desk without a phone account is named by its actor.
  const agent = AgentName.safeParse(f.sipUser ?? senderOf(c.r));
  if (!agent.success) return null;
  const recordId = `server-${c.id}`;
  if (f.kind === 'call') {
    const call = CallFigures.safeParse(f);
    return call.success ? { kind: 'call', call: { recordId, agent: agent.data, ...call.data } } : null;
  }
  if (f.kind === 'wrap-up') {
    const w = WrapUpFigures.safeParse(f);
    return w.success ? { kind: 'wrap-up', wrapUp: { recordId, agent: agent.data, ...w.data } } : null;
  }
  return null;
}

/** A survey answer read back from the server (call id and a score 1–5), or null. */
export function surveyFromServer(resource: unknown): SurveyAnswer | null {
  const c = communicationOf(resource, RECORD_SHAPES.surveyResponse.category);
  const s = SurveyFigures.safeParse(c && readRecordFields(RECORD_SHAPES.surveyResponse, c.r));
  return s.success ? s.data : null;
}

/** A practice attempt read back from the server, with its score report, or null. */
export function practiceAttemptFromServer(resource: unknown): PracticeAttempt | null {
  const c = communicationOf(resource, RECORD_SHAPES.practiceAttempt.category);
  const f = AttemptFigures.safeParse(c && readRecordFields(RECORD_SHAPES.practiceAttempt, c.r));
  const trainee = TraineeName.safeParse(c && senderOf(c.r));
  if (!c || !f.success || !trainee.success || trainee.data !== senderOf(c.r)) return null;
  const report = reportOf(c.r);
  if (!report || report.scenarioId !== f.data.scenarioId || report.passed !== f.data.passed) return null;
  return { id: c.id, trainee: trainee.data, ...f.data, report };
}

/** The score report: the JSON attachment the desk wrote (bounded, parsed, its key parts checked). */
function reportOf(r: Record<string, unknown>): PracticeReport | null {
  if (!Array.isArray(r.payload)) return null;
  const attachment = r.payload
    .map((p: unknown) => (isRecord(p) && isRecord(p.contentAttachment) ? p.contentAttachment : null))
    .find((a) => a?.title === PRACTICE_REPORT_TITLE && a.contentType === 'application/json');
  const data = attachment?.data;
  if (typeof data !== 'string' || data.length > Math.ceil(MAX_REPORT_BYTES / 3) * 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return null;
  try {
    const parsed = ReportShape.safeParse(JSON.parse(Buffer.from(data, 'base64').toString('utf8')));
    return parsed.success ? (parsed.data as unknown as PracticeReport) : null;
  } catch {
    return null;
  }
}
