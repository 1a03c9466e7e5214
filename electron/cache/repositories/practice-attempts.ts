/** Practice-mode history rows: a finished practice call's score and report, per trainee. */
import type { Db } from '../connection';

import type { PracticeAttemptOf } from '../../../shared/practice/view';

export type PracticeAttemptRow<R> = PracticeAttemptOf<R>;

export function createPracticeAttempts<R>(db: Db) {
  const insert = db.prepare<[string, string, string, string, number, number, string]>(
    'INSERT INTO practice_attempt (trainee, scenario_id, started_at, ended_at, percent, passed, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  type Raw = { id: number; trainee: string; scenario_id: string; started_at: string; ended_at: string; percent: number; passed: number; report: string };
  const all = db.prepare<[number], Raw>('SELECT * FROM practice_attempt ORDER BY id DESC LIMIT ?');
  const byTrainee = db.prepare<[string, number], Raw>('SELECT * FROM practice_attempt WHERE trainee = ? ORDER BY id DESC LIMIT ?');
  const toRow = (r: Raw): PracticeAttemptRow<R> => ({
    id: r.id,
    trainee: r.trainee,
    scenarioId: r.scenario_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    percent: r.percent,
    passed: r.passed === 1,
    report: JSON.parse(r.report) as R,
  });
  return {
    record(a: Omit<PracticeAttemptRow<R>, 'id'>): number {
      return Number(insert.run(a.trainee, a.scenarioId, a.startedAt, a.endedAt, a.percent, a.passed ? 1 : 0, JSON.stringify(a.report)).lastInsertRowid);
    },
    list(trainee: string | null, limit: number): PracticeAttemptRow<R>[] {
      return (trainee === null ? all.all(limit) : byTrainee.all(trainee, limit)).map(toRow);
    },
  };
}
