import type { Migration } from './migration';

/**
 * Every FHIR resource is kept whole (JSON), unique by type + id and stored clustered by the patient
 * it belongs to ('' for none), so a patient's summary reads a few adjacent pages. What lookups need
 * is indexed beside it: patients' search keys and every phone number with what a match shows.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'fhir-resources',
  up(db) {
    db.exec(`
      CREATE TABLE resource (
        patient_id  TEXT NOT NULL,
        type        TEXT NOT NULL,
        id          TEXT NOT NULL,
        json        TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (patient_id, type, id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX resource_by_id ON resource (type, id);

      CREATE TABLE patient_index (
        id          TEXT PRIMARY KEY,
        mrn         TEXT,
        name        TEXT NOT NULL,
        name_norm   TEXT NOT NULL,
        birth_date  TEXT,
        deceased    INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      CREATE INDEX patient_by_mrn ON patient_index (mrn);
      CREATE INDEX patient_by_birth_date ON patient_index (birth_date);

      CREATE TABLE phone_index (
        e164        TEXT NOT NULL,
        type        TEXT NOT NULL,
        id          TEXT NOT NULL,
        patient_id  TEXT,
        score       INTEGER NOT NULL,
        owner_name  TEXT,
        relationship TEXT,
        PRIMARY KEY (e164, type, id)
      ) WITHOUT ROWID;
      CREATE INDEX phone_by_owner ON phone_index (type, id);
    `);
  },
};
