/**
 * The one long-lived SQLCipher connection. A wrong or missing key is reported as exactly that
 * (CodedError), and the file is only written to after the key has been proven right.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../shared/errors';
import type { KeyProvider } from './key-provider';

export type Db = Database.Database;

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function fileState(file: string): 'absent' | 'empty' | 'plain' | 'opaque' {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw err;
  }
  try {
    const head = Buffer.alloc(16);
    const read = fs.readSync(fd, head, 0, 16, 0);
    if (read === 0) return 'empty';
    return read === 16 && head.equals(SQLITE_PLAIN_HEADER) ? 'plain' : 'opaque';
  } finally {
    fs.closeSync(fd);
  }
}

const sqliteCode = (err: unknown): string => String((err as { code?: unknown }).code ?? '');

/** Maps SQLite's errors on open to the codes the UI understands; never echoes SQLite's message. */
export function mapOpenError(err: unknown, fileLooksEncrypted: boolean): CodedError {
  if (err instanceof CodedError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB') {
    return fileLooksEncrypted
      ? new CodedError('cacheWrongKey', 'the key does not open this store')
      : new CodedError('cacheNotADatabase', 'the file is not a Carefront store');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CodedError('cacheLocked', 'the store is locked by another process');
  }
  if (code === 'SQLITE_CANTOPEN') return new CodedError('notFound', 'the store file cannot be opened');
  return new CodedError('cacheNotADatabase', `the store could not be opened (${code || 'unknown error'})`);
}

function applyKey(db: Db, key: Buffer): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  // A raw 256-bit key (x'..'): random, so no passphrase derivation is needed.
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Up to 256 MiB of decrypted pages (allocated only as pages are read): enough for the lookup
  // indexes of a million-patient store, so a warmed-up lookup decrypts nothing.
  db.pragma('cache_size = -262144');
  // Sorts and temporary indexes stay in memory: no plaintext spills into temp files.
  db.pragma('temp_store = MEMORY');
}

/** The first query after keying: SQLCipher reports a wrong key only here (SQLITE_NOTADB). */
function probe(db: Db): void {
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

export interface OpenedDatabase {
  db: Db;
  key: Buffer;
  created: boolean;
}

/** Opens (or, when absent, creates) an encrypted store. */
export function openEncryptedDatabase(file: string, keyProvider: KeyProvider): OpenedDatabase {
  const state = fileState(file);
  if (state === 'plain') throw new CodedError('cacheNotADatabase', 'the file is an unencrypted SQLite database, not a Carefront store');
  const existing = state === 'opaque';
  if (existing && fs.statSync(file).size < 512) throw new CodedError('cacheNotADatabase', 'the file is too small to be a Carefront store');
  const stored = keyProvider.readKey();
  if (existing && !stored) throw new CodedError('cacheMissingKey', `no key found (${keyProvider.description}) for an existing store`);
  if (!existing) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = stored ?? keyProvider.createKey();
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: existing });
    applyKey(db, key);
    probe(db);
    configure(db);
    if (!existing) fs.chmodSync(file, 0o600);
    return { db, key, created: !existing };
  } catch (err) {
    db?.close();
    throw mapOpenError(err, existing);
  }
}

/** Opens an unencrypted database: only for the benchmark's plain copy. */
export function openPlainDatabase(file: string): Db {
  const db = new Database(file);
  configure(db);
  return db;
}

/** Re-encrypts every page with a new key; all data is kept. */
export function rekeyDatabase(db: Db, newKey: Buffer): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`rekey="x'${newKey.toString('hex')}'"`);
  probe(db);
}

/** Turns a copy of an encrypted store into a plain database (benchmark comparison only). */
export function decryptCopyInPlace(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma(`rekey=''`);
}
