/** The previous versions of a resource, kept by the `resource_history` trigger when an import overwrote it. */
import type { Db } from '../connection';

export interface ResourceVersion {
  type: string;
  id: string;
  /** The patient it belonged to then ('' for none). */
  patientId: string;
  /** When that version was imported, and when an import replaced it. */
  importedAt: string;
  replacedAt: string;
  resource: unknown;
}

export function readResourceHistory(db: Db, type: string, id: string): ResourceVersion[] {
  return db
    .prepare<[string, string], { type: string; id: string; patient_id: string; imported_at: string; replaced_at: string; json: string }>(
      'SELECT type, id, patient_id, imported_at, replaced_at, json FROM resource_history WHERE type = ? AND id = ? ORDER BY hid DESC',
    )
    .all(type, id)
    .map((r) => ({
      type: r.type,
      id: r.id,
      patientId: r.patient_id,
      importedAt: r.imported_at,
      replacedAt: r.replaced_at,
      resource: JSON.parse(r.json) as unknown,
    }));
}
