/**
 * Idempotent upserts by resource type + id, keeping the lookup indexes in step. Running the same
 * input twice leaves the store exactly as running it once.
 */
import type { Db } from '../connection';
import { patientKeys, patientPhoneKeys, relatedPersonPhoneKeys } from '../fhir/index-keys';
import { relatedPersonLabel } from '../fhir/mapping';
import { owningPatientId } from '../fhir/references';
import type { AnyResource, Patient, RelatedPerson } from '../fhir/resources';
import type { Region } from '../phone';

export interface ResourceWriter {
  /** `raw` is the resource's JSON text when the caller already has it. */
  upsert(resource: AnyResource, raw?: string): void;
}

export function createResourceWriter(db: Db, region: Region): ResourceWriter {
  const upsertResource = db.prepare(
    // No conflict target: the same (type, id) may come back under another patient (moves it) or the same one.
    `INSERT INTO resource (patient_id, type, id, json, imported_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET patient_id = excluded.patient_id, json = excluded.json, imported_at = excluded.imported_at`,
  );
  const upsertPatient = db.prepare(
    `INSERT OR REPLACE INTO patient_index (id, mrn, name, name_norm, birth_date, deceased) VALUES (@id, @mrn, @name, @nameNorm, @birthDate, @deceased)`,
  );
  const clearPhones = db.prepare('DELETE FROM phone_index WHERE type = ? AND id = ?');
  const insertPhone = db.prepare(
    'INSERT OR REPLACE INTO phone_index (e164, type, id, patient_id, score, owner_name, relationship) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const now = new Date().toISOString();

  return {
    upsert(resource, raw) {
      const patientId = owningPatientId(resource);
      upsertResource.run(patientId ?? '', resource.resourceType, resource.id, raw ?? JSON.stringify(resource), now);
      if (resource.resourceType === 'Patient') {
        const keys = patientKeys(resource as Patient);
        upsertPatient.run({ ...keys, deceased: keys.deceased ? 1 : 0 });
        clearPhones.run('Patient', resource.id);
        for (const p of patientPhoneKeys(resource as Patient, region)) insertPhone.run(p.e164, 'Patient', resource.id, resource.id, p.score, null, null);
      } else if (resource.resourceType === 'RelatedPerson') {
        clearPhones.run('RelatedPerson', resource.id);
        const label = relatedPersonLabel(resource as unknown as RelatedPerson);
        for (const p of relatedPersonPhoneKeys(resource as unknown as RelatedPerson, region)) {
          insertPhone.run(p.e164, 'RelatedPerson', resource.id, patientId, p.score, label.name, label.relationship);
        }
      }
    },
  };
}
