import type { Migration } from './migration';

/**
 * The server's copy: for each resource that came from the organisation's FHIR server, the version the
 * server gave it (`meta.versionId`, `meta.lastUpdated`), where it came from and whether the server
 * deleted it (a tombstone keeps the deleted version, so an older version arriving late does not bring
 * it back). Beside it a small key/value table for the EHR link's own state (the bulk export in
 * progress, the last sync point), so a restart resumes where it stopped.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'server-copy',
  up(db) {
    db.exec(`
      CREATE TABLE server_version (
        type         TEXT NOT NULL,
        id           TEXT NOT NULL,
        version_id   TEXT,
        last_updated TEXT,
        deleted      INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        source       TEXT NOT NULL CHECK (source IN ('export', 'sync', 'write-back')),
        received_at  TEXT NOT NULL,
        PRIMARY KEY (type, id)
      ) WITHOUT ROWID;

      CREATE TABLE ehr_sync_state (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
