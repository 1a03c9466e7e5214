import type { Migration } from './migration';

/**
 * The audit log: one FHIR AuditEvent per read of protected data or disclosure decision, chained by
 * SHA-256 (hash = sha256(prev_hash + row)). Triggers refuse every UPDATE and DELETE. No secondary
 * index and no AUTOINCREMENT: each audited read commits a single appended page.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_event (
        seq         INTEGER PRIMARY KEY,
        recorded    TEXT NOT NULL,
        actor       TEXT NOT NULL,
        patient_ids TEXT NOT NULL,
        event       TEXT NOT NULL,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
      );
      CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
      CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
    `);
  },
};
