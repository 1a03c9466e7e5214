/**
 * SQLite's and the file system's failures as the store's coded errors, so a full disk or a broken
 * file never reaches the user as "internal: unexpected failure". Messages carry codes, never data.
 */
import { CodedError } from '../../shared/errors';
import { fsError } from './durable-file';
import { errorCode } from './error-code';

const sqliteCode = (err: unknown): string => errorCode(err) ?? '';

const FS_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EMFILE', 'ENFILE']);

/** The coded error for a failure while the store is open (reads, audit rows, imports), or null when it is none of the store's. */
export function storeError(err: unknown): CodedError | null {
  if (err instanceof CodedError) return err;
  const code = sqliteCode(err);
  if (code === 'SQLITE_FULL') return new CodedError('cacheDiskFull', 'the disk is full (or the store reached its size limit): nothing was written');
  if (code.startsWith('SQLITE_IOERR')) return new CodedError('cacheIoError', `the store could not be read or written (${code})`);
  if (code.startsWith('SQLITE_READONLY')) return new CodedError('cacheIoError', `the store cannot be written (${code})`);
  if (code === 'SQLITE_CANTOPEN') return new CodedError('cacheIoError', 'the store file cannot be opened');
  if (code.startsWith('SQLITE_CORRUPT')) return new CodedError('cacheNotADatabase', 'the store file is damaged');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new CodedError('cacheLocked', 'the store is locked by another process');
  if (FS_CODES.has(code)) return fsError(err, 'a store file');
  return null;
}

/** Runs `fn`, turning the store's failures into coded errors (anything else is rethrown as it is). */
export function guardStore<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeError(err) ?? err;
  }
}

export async function guardStoreAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw storeError(err) ?? err;
  }
}
