import type { Db } from '../connection';
import type { AuditKeys } from '../audit/audit-keys';

/** What a migration may need besides the database: the audit key, and work to do once it committed. */
export interface MigrationEnv {
  /** The store's audit keys; a migration that re-links the audit chain needs them. */
  audit?: AuditKeys;
  /** Stores a signed checkpoint of the audit head (set when the audit log has a checkpoint sink). */
  checkpoint?(seq: number, head: string, at: string): void;
  /** Runs after this migration's transaction has committed (e.g. writing an audit checkpoint). */
  afterCommit(fn: () => void): void;
}

/** One schema step. Append-only: a released migration is never edited, a new one is added. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db, env: MigrationEnv): void;
}
