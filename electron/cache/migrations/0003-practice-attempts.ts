import type { Migration } from './migration';

/**
 * Practice-mode history: one row per finished practice call (trainee, scenario, score and the
 * report), so a team lead can review a trainee's progress. Only the practice store writes rows; the
 * report holds rubric results and advice, never patient data.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'practice-attempts',
  up(db) {
    db.exec(`
      CREATE TABLE practice_attempt (
        id          INTEGER PRIMARY KEY,
        trainee     TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        ended_at    TEXT NOT NULL,
        percent     INTEGER NOT NULL,
        passed      INTEGER NOT NULL,
        report      TEXT NOT NULL
      );
      CREATE INDEX practice_attempt_by_trainee ON practice_attempt (trainee, id);
    `);
  },
};
