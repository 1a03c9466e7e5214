/**
 * The one long-lived SQLCipher connection. A wrong or missing key is reported as exactly that
 * (CodedError), and the file is only written to after the key has been proven right. A rotation
 * interrupted by a crash is completed (the staged key opens the store) or discarded (it does not).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CodedError } from '../../shared/errors';
import { fsError, isDanglingLink } from './durable-file';
import { errorCode } from './error-code';
import type { KeyProvider } from './key-provider';
import { storeError } from './store-errors';

export type Db = Database.Database;

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type StoreFileState = 'absent' | 'opaque';

/**
 * What is at the store path, refusing what cannot be a store without touching it: a zero-byte file,
 * a plain SQLite file, a file too small, a folder, a dangling link. Returns 'absent' or 'opaque'.
 */
export function inspectStoreFile(file: string): StoreFileState {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (isDanglingLink(file)) throw new CodedError('cacheIoError', 'the store path is a symbolic link to a file that does not exist');
      return 'absent';
    }
    throw fsError(err, 'the store file');
  }
  try {
    if (!fs.fstatSync(fd).isFile()) throw new CodedError('cacheIoError', 'the store path is not a regular file');
    const head = Buffer.alloc(16);
    let read: number;
    try {
      read = fs.readSync(fd, head, 0, 16, 0);
    } catch (err) {
      throw fsError(err, 'the store file');
    }
    if (read === 0) throw new CodedError('cacheEmptyFile', 'the store file is empty (0 bytes); it was left as it is');
    if (read === 16 && head.equals(SQLITE_PLAIN_HEADER))
      throw new CodedError('cacheNotADatabase', 'the file is an unencrypted SQLite database, not a Carefront store');
    if (fs.fstatSync(fd).size < 512) throw new CodedError('cacheNotADatabase', 'the file is too small to be a Carefront store');
    return 'opaque';
  } finally {
    fs.closeSync(fd);
  }
}

const sqliteCode = (err: unknown): string => errorCode(err) ?? '';

/** Maps SQLite's errors on open to the codes the UI understands; never echoes SQLite's message. */
export function mapOpenError(err: unknown, fileLooksEncrypted: boolean): CodedError {
  if (err instanceof CodedError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_NOTADB') {
    return fileLooksEncrypted
      ? new CodedError('cacheWrongKey', 'the key does not open this store')
      : new CodedError('cacheNotADatabase', 'the file is not a Carefront store');
  }
  return storeError(err) ?? new CodedError('cacheNotADatabase', `the store could not be opened (${code || 'unknown error'})`);
}

function applyKey(db: Db, key: Buffer): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  // A raw 256-bit key (x'..'): random, so no passphrase derivation is needed.
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  // FULL: every commit (each audit row) is on disk before it returns, so a killed app or a power cut
  // never loses a row that was reported written. In WAL mode that is one fsync of the WAL per commit.
  db.pragma('synchronous = FULL');
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

/** Opens the file with `key`; null when the key is wrong (nothing written). */
function tryKey(file: string, key: Buffer, existing: boolean): Db | null {
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: existing });
    applyKey(db, key);
    probe(db);
    return db;
  } catch (err) {
    db?.close();
    const mapped = mapOpenError(err, existing);
    if (mapped.code === 'cacheWrongKey') return null;
    throw mapped;
  }
}

/** Opens (or, when absent, creates) an encrypted store. */
export function openEncryptedDatabase(file: string, keyProvider: KeyProvider): OpenedDatabase {
  const existing = inspectStoreFile(file) === 'opaque';
  const stored = keyProvider.readKey();
  const staged = existing ? (keyProvider.readStagedKey?.() ?? null) : null;
  if (existing && !stored && !staged) throw new CodedError('cacheMissingKey', `no key found (${keyProvider.description}) for an existing store`);
  if (!existing) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let key = stored ?? (existing ? null : keyProvider.createKey());
  let db = key ? tryKey(file, key, existing) : null;
  if (db && staged) keyProvider.discardStagedKey?.(); // a rotation that never re-encrypted the store
  if (!db && staged) {
    // A rotation re-encrypted the store and was interrupted before its key file was renamed: finish it.
    db = tryKey(file, staged, existing);
    if (db) {
      keyProvider.commitStagedKey?.();
      key = staged;
    }
  }
  if (!db || !key) throw new CodedError('cacheWrongKey', 'the key does not open this store');
  try {
    configure(db);
    if (!existing) fs.chmodSync(file, 0o600);
    return { db, key, created: !existing };
  } catch (err) {
    db.close();
    throw mapOpenError(err, existing);
  }
}

/** Opens an unencrypted database: only for the benchmark's plain copy. */
export function openPlainDatabase(file: string): Db {
  const db = new Database(file);
  configure(db);
  return db;
}

/** Re-encrypts every page with a new key in one transaction; all data is kept. */
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
