/**
 * Who has the store open. Every process that opens the store (the app for its whole lifetime, the
 * admin CLI for one command) holds a shared lock; a rekey needs it exclusively and is refused while
 * anyone else holds it. The lock is SQLite's own file locking (POSIX advisory locks, LockFileEx on
 * Windows) on a small plain lock database beside the store, `<store>.lock`, which holds nothing but
 * an empty table: a process that dies loses its lock with it, so a crash never leaves the store locked.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../shared/errors';
import { fsError } from './durable-file';
import { errorCode } from './error-code';

export type StoreLockMode = 'shared' | 'exclusive';

export interface StoreLock {
  readonly mode: StoreLockMode;
  release(): void;
}

export const lockFilePath = (dbPath: string): string => `${dbPath}.lock`;

const busy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(err) ?? '');

export function lockStore(dbPath: string, mode: StoreLockMode): StoreLock {
  const file = lockFilePath(dbPath);
  let db: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    db = new Database(file);
    if (fs.statSync(file).mode & 0o077) fs.chmodSync(file, 0o600);
  } catch (err) {
    throw fsError(err, 'the store lock file');
  }
  try {
    // A shared lock may wait out another process's brief lock-file creation; an exclusive one never waits.
    db.pragma(`busy_timeout = ${mode === 'shared' ? 2000 : 0}`);
    db.pragma('journal_mode = DELETE');
    db.exec('CREATE TABLE IF NOT EXISTS lock (unused INTEGER)');
    if (mode === 'exclusive') db.exec('BEGIN EXCLUSIVE');
    else {
      // A read transaction holds SQLite's SHARED lock until it ends: for as long as the store is open.
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM lock').get();
    }
  } catch (err) {
    db.close();
    if (busy(err)) {
      throw new CodedError(
        'cacheInUse',
        mode === 'exclusive' ? 'the store is open in another process (close the app first)' : 'the store is being re-keyed by another process',
      );
    }
    throw fsError(err, 'the store lock file');
  }
  let held = true;
  return {
    mode,
    release() {
      if (!held) return;
      held = false;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
