/**
 * The FHIR shape of the team's records on the organisation's server, written by the desks (ehr/write-back-mapping.ts)
 * and read back by a team lead's desk (ehr/team-data-mapping.ts) and the cache (survey answers): the one place that
 * says which category marks each kind, which extension carries its figures and which typed fields that extension has.
 * Each kind is a Communication with category `RECORD_KIND_SYSTEM|<kind>` and `sent` set, so a period of one kind is
 * one search: `Communication?category=<system>|<kind>&sent=ge<from>&sent=lt<to>` (`periodSearch`).
 */
import type { CodeableConcept, Extension } from 'fhir/r4';
import { booleanValue, CAREFRONT_EXTENSIONS, codeValue, complexExtension, dateTimeValue, integerValue, readComplexExtension, stringValue } from './extensions';

/** The system of the kind of record: `meta.tag` on every write, and the category of the team's Communications. */
export const RECORD_KIND_SYSTEM = 'urn:carefront:record-kind';

type FieldType = 'string' | 'code' | 'dateTime' | 'integer' | 'boolean';
type FieldSpec = Readonly<Record<string, FieldType>>;
type ValueOf<T extends FieldType> = T extends 'integer' ? number : T extends 'boolean' ? boolean : string;
/** The values of an extension's fields; a field that is null or absent is left out (written) or was not there (read). */
export type FieldValues<S extends FieldSpec> = { [K in keyof S]?: ValueOf<S[K]> | null };

interface RecordShape<S extends FieldSpec> {
  /** The code of the category (in `RECORD_KIND_SYSTEM`) that marks this kind of record. */
  category: string;
  display: string;
  /** The extension carrying the record's figures, and its fields in the order they are written. */
  url: string;
  fields: S;
}

const shape = <S extends FieldSpec>(s: RecordShape<S>): RecordShape<S> => s;

export const RECORD_SHAPES = {
  /**
   * A contact's figures for the team KPIs, no patient data: a call (`kind` call: offered, answered, ended; `sent` = offered)
   * or its wrap-up (`kind` wrap-up: saved, disposition, after-call seconds; `sent` = saved). `sender.display` is the desk's
   * actor; `sipUser` is the desk's SIP user (how the team file names the agent), when the desk has a phone account.
   */
  contact: shape({
    category: 'contact',
    display: 'Contact figures',
    url: CAREFRONT_EXTENSIONS.contactFigures,
    fields: {
      kind: 'code',
      callId: 'string',
      offeredAt: 'dateTime',
      answeredAt: 'dateTime',
      endedAt: 'dateTime',
      savedAt: 'dateTime',
      disposition: 'code',
      afterCallSeconds: 'integer',
      sipUser: 'string',
    },
  }),
  /** A finished practice call: `sent` = its end, `sender.display` = the trainee; the score report is a JSON attachment. */
  practiceAttempt: shape({
    category: 'practice-attempt',
    display: 'Practice attempt',
    url: CAREFRONT_EXTENSIONS.practiceAttempt,
    fields: { scenarioId: 'string', startedAt: 'dateTime', endedAt: 'dateTime', percent: 'integer', passed: 'boolean' },
  }),
  /**
   * A post-call survey answer from the survey system: the call and the score 1–5. Imported into the cache as it comes
   * (found there by the extension); on the server it also carries the category, so a period's answers are one search.
   */
  surveyResponse: shape({
    category: 'survey-response',
    display: 'Survey response',
    url: CAREFRONT_EXTENSIONS.surveyResponse,
    fields: { callId: 'string', score: 'integer' },
  }),
} as const;

/** The category that marks a kind of record. */
export function recordCategory(s: RecordShape<FieldSpec>): CodeableConcept {
  return { coding: [{ system: RECORD_KIND_SYSTEM, code: s.category, display: s.display }] };
}

/** The record's figures as its extension, the fields in the shape's order. */
export function recordExtension<S extends FieldSpec>(s: RecordShape<S>, values: FieldValues<S>): Extension {
  const build = (type: FieldType, v: string | number | boolean) => {
    if (type === 'integer') return integerValue(v as number);
    if (type === 'boolean') return booleanValue(v as boolean);
    if (type === 'code') return codeValue(v as string);
    if (type === 'dateTime') return dateTimeValue(v as string);
    return stringValue(v as string);
  };
  const fields = Object.entries(s.fields).map(([name, type]) => {
    const v = values[name];
    return [name, v === null || v === undefined ? null : build(type, v)] as const;
  });
  return complexExtension(s.url, Object.fromEntries(fields));
}

/** The record's figures read from `resource`: each field only when it has its type; null when it has no such extension. */
export function readRecordFields<S extends FieldSpec>(s: RecordShape<S>, resource: unknown): FieldValues<S> | null {
  const f = readComplexExtension(resource, s.url);
  if (!f) return null;
  const read = (name: string, type: FieldType) => (type === 'integer' ? f.integer(name) : type === 'boolean' ? f.boolean(name) : f[type](name));
  return Object.fromEntries(Object.entries(s.fields).map(([name, type]) => [name, read(name, type) ?? null])) as FieldValues<S>;
}

/** The search of one kind's records sent in [from, to), `pageSize` a page. */
export function periodSearch(s: RecordShape<FieldSpec>, from: string, to: string, pageSize: number): Record<string, string | string[]> {
  return { category: `${RECORD_KIND_SYSTEM}|${s.category}`, sent: [`ge${from}`, `lt${to}`], _count: String(pageSize) };
}
