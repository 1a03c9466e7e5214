/** Numbered, append-only migrations, applied in order; the schema version is SQLite's user_version. */
import type { Db } from '../connection';
import { migration0001 } from './0001-fhir-resources';
import { migration0002 } from './0002-audit-log';
import { migration0003 } from './0003-practice-attempts';
import { migration0004 } from './0004-keyed-audit-chain';
import { migration0005 } from './0005-resource-history';
import { migration0006 } from './0006-outbox-job';
import { migration0007 } from './0007-contact-record';
import { migration0008 } from './0008-server-copy';
import { migration0009 } from './0009-mrn-any-case';
import { migration0010 } from './0010-knowledge-base';
import type { Migration, MigrationEnv } from './migration';

export type { Migration, MigrationEnv } from './migration';

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export const schemaVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

/**
 * Applies every migration above the file's version, each in its own transaction, then its
 * after-commit work. Returns the versions applied.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, env: Omit<MigrationEnv, 'afterCommit'> = {}): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`store schema version ${current} is newer than this build (${migrations.length})`);
  }
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    const after: (() => void)[] = [];
    db.transaction(() => {
      m.up(db, { ...env, afterCommit: (fn) => after.push(fn) });
      db.pragma(`user_version = ${m.version}`);
    })();
    for (const fn of after) fn();
    applied.push(m.version);
  }
  return applied;
}
