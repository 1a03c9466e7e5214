import type { Migration } from './migration';

/**
 * The MRN as the agent types it: "mrn00000012" finds MRN00000012. An index in SQLite's NOCASE collation lets the
 * case-insensitive comparison use an index instead of reading every patient.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'mrn-any-case',
  up(db) {
    db.exec('CREATE INDEX patient_by_mrn_nocase ON patient_index (mrn COLLATE NOCASE)');
  },
};
