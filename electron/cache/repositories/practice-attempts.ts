/** Practice-mode history rows: a finished practice call's score and report, per trainee (practice store only). */
import type { PracticeAttemptOf } from '../../../shared/practice/view';
import { guardStore } from '../store-errors';
import type { Store } from '../store';

export type PracticeAttemptRow<R> = PracticeAttemptOf<R>;

type Raw = { id: number; trainee: string; scenario_id: string; started_at: string; ended_at: string; percent: number; passed: number; report: string };

export class PracticeAttemptRepository<R> {
  constructor(private readonly store: Store) {}

  /** Saves a finished practice call: trainee, scenario, score and report. Returns its row id. */
  record(a: Omit<PracticeAttemptRow<R>, 'id'>): number {
    const db = this.store.connection();
    return guardStore(() =>
      Number(
        db
          .prepare<[string, string, string, string, number, number, string]>(
            'INSERT INTO practice_attempt (trainee, scenario_id, started_at, ended_at, percent, passed, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(a.trainee, a.scenarioId, a.startedAt, a.endedAt, a.percent, a.passed ? 1 : 0, JSON.stringify(a.report)).lastInsertRowid,
      ),
    );
  }

  /** Practice history, newest first: one trainee's, or everyone's (a team lead's review). */
  list(trainee: string | null, limit = 200): PracticeAttemptRow<R>[] {
    const db = this.store.connection();
    return guardStore(() =>
      (trainee === null
        ? db.prepare<[number], Raw>('SELECT * FROM practice_attempt ORDER BY id DESC LIMIT ?').all(limit)
        : db.prepare<[string, number], Raw>('SELECT * FROM practice_attempt WHERE trainee = ? ORDER BY id DESC LIMIT ?').all(trainee, limit)
      ).map(toRow<R>),
    );
  }
}

const toRow = <R>(r: Raw): PracticeAttemptRow<R> => ({
  id: r.id,
  trainee: r.trainee,
  scenarioId: r.scenario_id,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  percent: r.percent,
  passed: r.passed === 1,
  report: JSON.parse(r.report) as R,
});
