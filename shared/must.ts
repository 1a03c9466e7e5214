/**
 * A value the code's own logic guarantees (a regex group that matched, an entry just added, an index
 * within bounds): returned as present, or an Error naming what is missing, so a broken guarantee fails
 * where it breaks instead of as `undefined` further on. `what` describes the value, never holds it
 * (values may be PHI).
 */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`Expected ${what}, found none`);
  return value;
}
