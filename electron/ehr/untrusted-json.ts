/**
 * JSON from the FHIR server is read without trusting the FHIR type it is declared as: a list may hold
 * nulls or strings where objects belong, and a field may be missing whatever the type says.
 */

/** An object (not null): its fields can be read, each as unknown. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The objects in `value` when it is a list (anything else in it skipped); none when it is not a list. */
export function recordsIn(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
