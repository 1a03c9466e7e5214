import type { Migration } from './migration';

/**
 * The previous version of every resource an import overwrites with different content (or removes)
 * is kept in `resource_history`, by a trigger on `resource`, so no write path can forget it. The
 * history is append-only like the audit log.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'resource-history',
  up(db) {
    db.exec(`
      CREATE TABLE resource_history (
        hid         INTEGER PRIMARY KEY,
        type        TEXT NOT NULL,
        id          TEXT NOT NULL,
        patient_id  TEXT NOT NULL,
        json        TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        replaced_at TEXT NOT NULL
      );
      CREATE INDEX resource_history_by_id ON resource_history (type, id, hid);
      CREATE TRIGGER resource_keep_previous BEFORE UPDATE ON resource WHEN OLD.json IS NOT NEW.json
        BEGIN
          INSERT INTO resource_history (type, id, patient_id, json, imported_at, replaced_at)
          VALUES (OLD.type, OLD.id, OLD.patient_id, OLD.json, OLD.imported_at, NEW.imported_at);
        END;
      CREATE TRIGGER resource_keep_removed BEFORE DELETE ON resource
        BEGIN
          INSERT INTO resource_history (type, id, patient_id, json, imported_at, replaced_at)
          VALUES (OLD.type, OLD.id, OLD.patient_id, OLD.json, OLD.imported_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        END;
      CREATE TRIGGER resource_history_no_update BEFORE UPDATE ON resource_history
        BEGIN SELECT RAISE(ABORT, 'resource_history is append-only'); END;
      CREATE TRIGGER resource_history_no_delete BEFORE DELETE ON resource_history
        BEGIN SELECT RAISE(ABORT, 'resource_history is append-only'); END;
    `);
  },
};
