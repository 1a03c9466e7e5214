/**
 * Small files that must survive a crash (keys, the audit checkpoints): written to a temporary name,
 * fsync'd, renamed into place and the folder fsync'd, so a reader sees the old file or the new one,
 * never half of either. Failures come out as coded errors (a full disk is `cacheDiskFull`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CodedError, type ErrorCode } from '../../shared/errors';
import { errorCode } from './error-code';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

/** A file-system error as the store's coded error; `what` names the file's role, never its content. */
export function fsError(err: unknown, what: string, otherwise: ErrorCode = 'cacheIoError'): CodedError {
  if (err instanceof CodedError) return err;
  const code = errorCode(err) ?? 'unknown';
  if (FULL.has(code)) return new CodedError('cacheDiskFull', `the disk is full: ${what} could not be written`);
  return new CodedError(otherwise, `${what} could not be read or written (${code})`);
}

/** Flushes a folder's entries (a rename or a new file) to disk. No-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `content` to `file` atomically and durably, owner-only (0600). Replaces an existing file. */
export function writeFileDurably(file: string, content: string | Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}`);
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
  fsyncDir(dir);
}

/** Renames durably (the folder is fsync'd afterwards). */
export function renameDurably(from: string, to: string): void {
  fs.renameSync(from, to);
  fsyncDir(path.dirname(to));
}

/** A path that is a symbolic link to nothing (ENOENT on open, but the link itself is there). */
export function isDanglingLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
