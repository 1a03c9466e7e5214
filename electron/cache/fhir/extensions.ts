/**
 * The project's FHIR extensions, built and read in one place. A Carefront extension is a complex
 * extension: `{ url, extension: [{ url: <field>, value[x] }] }` with one typed value per field (FHIR
 * R4 §2.4.1). Building leaves out a field whose value is absent; reading returns a field only when it
 * has the type asked for, so a malformed resource reads as "no such field", never as a wrong value.
 */
import type { Extension } from 'fhir/r4';

/** The URLs of the project's extensions (the only place they are spelled out). */
export const CAREFRONT_EXTENSIONS = {
  /** The agent's after-call work on a wrap-up Communication: disposition, call id, callback, survey, seconds. */
  wrapUp: 'urn:carefront:wrap-up',
  /**
   * On a wrap-up Communication: the call guide the agent followed (`guide`, its call reason), its `language`, the step
   * ids walked (`path`, space-separated, in order), the checklist items ticked (`checked`, `<step>.<item>`,
   * space-separated) and whether it reached an end step (`finished`).
   */
  callGuide: 'urn:carefront:call-guide',
  /**
   * A post-call survey answer, as the survey system exports it (FHIR NDJSON, imported with
   * `carefront-admin import`): a Communication naming the call (`callId`) and the score, 1 to 5.
   */
  surveyResponse: 'urn:carefront:survey-response',
  /** A contact's figures for the team KPIs, written back to the FHIR server: times, disposition, seconds; no patient data. */
  contactFigures: 'urn:carefront:contact-figures',
  /** A finished practice call, written back to the FHIR server: scenario, times, score (the report is the payload). */
  practiceAttempt: 'urn:carefront:practice-attempt',
  /**
   * On an AuditEvent exported to the FHIR server: the desk's audit chain (`chain`, its key's fingerprint), the row's
   * sequence number (`seq`) and its keyed link (`head`), so the server's copy anchors the local chain.
   */
  auditAnchor: 'urn:carefront:audit-anchor',
  /**
   * An escalation's hand-off Communication: the escalation, the sender's call id, who is calling and how they were
   * verified (status, the kinds of identifiers matched — never their values — and when).
   */
  handoff: 'urn:carefront:handoff',
} as const;

/** The simple extension of the HL7 patient-interpreterRequired profile (read on Patient). */
export const INTERPRETER_REQUIRED_URL = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';

/** One field's typed value, as FHIR spells the value[x] choice. */
export type ExtensionValue = { valueString: string } | { valueCode: string } | { valueDateTime: string } | { valueInteger: number } | { valueBoolean: boolean };

export const stringValue = (v: string): ExtensionValue => ({ valueString: v });
export const codeValue = (v: string): ExtensionValue => ({ valueCode: v });
export const dateTimeValue = (v: string): ExtensionValue => ({ valueDateTime: v });
export const integerValue = (v: number): ExtensionValue => ({ valueInteger: v });
export const booleanValue = (v: boolean): ExtensionValue => ({ valueBoolean: v });

/** A complex extension from its fields, in the order given; a field that is null or undefined is left out. */
export function complexExtension(url: string, fields: Record<string, ExtensionValue | null | undefined>): Extension {
  return { url, extension: Object.entries(fields).flatMap(([name, value]) => (value ? [{ url: name, ...value }] : [])) };
}

/** A simple extension: one value at the top level. */
export function simpleExtension(url: string, value: ExtensionValue): Extension {
  return { url, ...value };
}

/** The typed fields of one complex extension. */
export interface ExtensionFields {
  string(name: string): string | undefined;
  code(name: string): string | undefined;
  dateTime(name: string): string | undefined;
  integer(name: string): number | undefined;
  boolean(name: string): boolean | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The extensions of an element (resource or datatype) that has any; [] for anything else. */
function extensionsOf(element: unknown): Record<string, unknown>[] {
  if (!isRecord(element) || !Array.isArray(element.extension)) return [];
  return element.extension.filter(isRecord);
}

/** The first extension with `url` on `element` (a resource or any FHIR element), or undefined. */
export function findExtension(element: unknown, url: string): Record<string, unknown> | undefined {
  return extensionsOf(element).find((e) => e.url === url);
}

/** Whether `element` carries the simple extension `url` with the boolean value `true`. */
export function hasTrueExtension(element: unknown, url: string): boolean {
  return extensionsOf(element).some((e) => e.url === url && e.valueBoolean === true);
}

/** The fields of the complex extension `url` on `element`, or null when it has none. */
export function readComplexExtension(element: unknown, url: string): ExtensionFields | null {
  const ext = findExtension(element, url);
  if (!ext) return null;
  const field = (name: string, key: string): unknown => extensionsOf(ext).find((f) => f.url === name)?.[key];
  const text = (name: string, key: string): string | undefined => {
    const v = field(name, key);
    return typeof v === 'string' ? v : undefined;
  };
  return {
    string: (name) => text(name, 'valueString'),
    code: (name) => text(name, 'valueCode'),
    dateTime: (name) => text(name, 'valueDateTime'),
    integer: (name) => {
      const v = field(name, 'valueInteger');
      return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
    },
    boolean: (name) => {
      const v = field(name, 'valueBoolean');
      return typeof v === 'boolean' ? v : undefined;
    },
  };
}
