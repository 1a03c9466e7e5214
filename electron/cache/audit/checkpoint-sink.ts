/**
 * Signed checkpoints of the audit chain's head, kept outside the database. A checkpoint says "row
 * `seq` of this store's chain had link `head` at `at`", signed with the desk's Ed25519 key, so the
 * database cannot be rolled back, truncated or wiped below it unnoticed. `CheckpointSink` is the
 * seam for shipping them off the machine: the file sink below is the local one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fsError, fsyncDir } from '../durable-file';
import type { AuditKeys } from './audit-keys';

export interface Checkpoint {
  v: 1;
  seq: number;
  head: string;
  at: string;
  /** The signing key's id (AuditKeys.keyId). */
  key: string;
  /** Ed25519 over `checkpointMessage`, base64. */
  sig: string;
}

export type CheckpointRecord =
  | { ok: true; checkpoint: Checkpoint }
  /** A line that is not a checkpoint; `torn` when it is the last line, unterminated (a crash mid-write). */
  | { ok: false; line: number; torn: boolean };

export interface CheckpointSink {
  /** PHI-free, for messages ("checkpoint file"). */
  readonly description: string;
  /**
   * Stores the checkpoint: written before returning (it survives the process being killed), on
   * disk soon after (a burst of appends shares one fsync; `flush` and `close` force it).
   */
  append(checkpoint: Checkpoint): void;
  /** Forces every appended checkpoint to disk. */
  flush(): void;
  /** Whether any checkpoint was ever stored. */
  exists(): boolean;
  /** Every stored record, oldest first. */
  records(): Iterable<CheckpointRecord>;
  close(): void;
}

export const checkpointMessage = (c: Pick<Checkpoint, 'seq' | 'head' | 'at' | 'key'>): string =>
  ['carefront audit checkpoint v1', c.seq, c.head, c.at, c.key].join('\n');

export function signCheckpoint(keys: AuditKeys, seq: number, head: string, at = new Date().toISOString()): Checkpoint {
  const unsigned = { v: 1 as const, seq, head, at, key: keys.keyId };
  return { ...unsigned, sig: keys.sign(checkpointMessage(unsigned)) };
}

const isCheckpoint = (v: unknown): v is Checkpoint => {
  if (typeof v !== 'object' || v === null) return false;
  const c: Partial<Record<keyof Checkpoint, unknown>> = v;
  return (
    c.v === 1 &&
    typeof c.seq === 'number' &&
    Number.isSafeInteger(c.seq) &&
    c.seq > 0 &&
    typeof c.head === 'string' &&
    typeof c.at === 'string' &&
    typeof c.key === 'string' &&
    typeof c.sig === 'string'
  );
};

/** The checkpoint file beside a store. */
export const checkpointFilePath = (dbPath: string): string => `${dbPath}.audit-checkpoints`;

/**
 * An append-only file of one JSON checkpoint per line. Several processes (the app, the admin CLI)
 * append to it with O_APPEND; lines are small and written in one call. Each line is written as its
 * row commits and fsync'd at the end of the current burst (the next turn of the event loop), so a
 * tight loop of audited reads pays one fsync for the file, not one per row. Since the row's commit
 * was itself fsync'd first (synchronous=FULL), a checkpoint on disk never names a row that is not.
 */
export function fileCheckpointSink(file: string): CheckpointSink {
  let fd: number | null = null;
  let dirty = false;
  let scheduled: NodeJS.Immediate | null = null;
  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (fd === null) return;
    const handle = fd;
    // Closed after every burst: the next one reopens the path, so a file removed or replaced
    // meanwhile is written again where verify looks for it, never into a deleted inode.
    fd = null;
    try {
      if (dirty) fs.fsyncSync(handle);
      dirty = false;
    } catch (err) {
      throw fsError(err, 'the audit checkpoint file');
    } finally {
      fs.closeSync(handle);
    }
  };
  const open = (): number => {
    if (fd !== null) return fd;
    const created = !fs.existsSync(file);
    fd = fs.openSync(file, 'a+', 0o600);
    if (created) fsyncDir(path.dirname(file));
    else {
      // A line torn by a crash stays a line of its own: the next checkpoint starts on a new one.
      const size = fs.fstatSync(fd).size;
      const last = Buffer.alloc(1);
      if (size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) fs.writeSync(fd, '\n');
    }
    return fd;
  };
  return {
    description: 'checkpoint file',
    append(checkpoint) {
      try {
        const handle = open();
        fs.writeSync(handle, `${JSON.stringify(checkpoint)}\n`);
      } catch (err) {
        throw fsError(err, 'the audit checkpoint file');
      }
      dirty = true;
      scheduled ??= setImmediate(() => {
        scheduled = null;
        try {
          flush();
        } catch {
          // The line itself is written; a failing disk is reported by the next audited operation.
        }
      });
      scheduled.unref();
    },
    flush,
    exists: () => fs.existsSync(file),
    *records() {
      let handle: number;
      try {
        handle = fs.openSync(file, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw fsError(err, 'the audit checkpoint file');
      }
      try {
        const chunk = Buffer.alloc(1 << 16);
        let rest = '';
        let line = 0;
        for (;;) {
          const read = fs.readSync(handle, chunk, 0, chunk.length, null);
          if (read === 0) break;
          rest += chunk.toString('utf8', 0, read);
          const lastBreak = rest.lastIndexOf('\n');
          if (lastBreak === -1) continue;
          const lines = rest.slice(0, lastBreak).split('\n');
          rest = rest.slice(lastBreak + 1);
          for (const text of lines) {
            line += 1;
            yield parse(text, line, false);
          }
        }
        if (rest.length > 0) yield parse(rest, line + 1, true);
      } finally {
        fs.closeSync(handle);
      }
    },
    close() {
      flush();
    },
  };
}

function parse(text: string, line: number, last: boolean): CheckpointRecord {
  try {
    const value: unknown = JSON.parse(text);
    if (isCheckpoint(value)) return { ok: true, checkpoint: value };
  } catch {
    // not JSON: reported below
  }
  return { ok: false, line, torn: last };
}
