/**
 * Puts committed audit rows on disk off the caller's path. An audited read commits its row without
 * waiting for the disk (it is in the WAL and the OS's cache: it survives the app being killed) and
 * returns; then one fsync of the WAL, on libuv's thread pool, puts it and every row committed before
 * it on disk, and only then does `onDurable` learn the highest such row, so the signed checkpoints
 * written there never name a row that a power cut could still take. A burst of rows shares one
 * fsync. `flushSync` does the same at once (before a verify, a head read by an anchor, or a close).
 *
 * Why: the fsync costs milliseconds (3–5 on this kind of VM disk) and was paid on the main thread
 * inside every screen pop; now the pop's lookup is the read and an in-memory commit.
 */
import fs from 'node:fs';
import { fsError } from '../durable-file';

export class WalSync {
  /** The highest row committed and not yet known to be on disk. */
  private committedUpTo = 0;
  private durableUpTo = 0;
  private inFlight = false;
  private failure: Error | null = null;

  constructor(
    private readonly walPath: string,
    private readonly onDurable: (upTo: number) => void,
  ) {}

  /** Row `seq` was committed: it is put on disk soon (one fsync for a burst). Reports an earlier fsync's failure. */
  committed(seq: number): void {
    this.throwFailure();
    this.committedUpTo = Math.max(this.committedUpTo, seq);
    this.schedule();
  }

  /** Everything committed is on disk when this returns, and `onDurable` has been told. */
  flushSync(): void {
    this.throwFailure();
    if (this.committedUpTo <= this.durableUpTo) return;
    const upTo = this.committedUpTo;
    try {
      fsyncPath(this.walPath);
    } catch (err) {
      throw fsError(err, 'the audit trail');
    }
    this.durable(upTo);
  }

  private schedule(): void {
    if (this.inFlight || this.committedUpTo <= this.durableUpTo) return;
    this.inFlight = true;
    const upTo = this.committedUpTo;
    fsyncPathAsync(this.walPath, (err) => {
      this.inFlight = false;
      if (err) {
        // Told to the next audited operation (an append or a flush), which fails with it.
        this.failure = fsError(err, 'the audit trail');
        return;
      }
      try {
        this.durable(upTo);
      } catch (e) {
        this.failure = e instanceof Error ? e : new Error('the audit checkpoint could not be written');
        return;
      }
      this.schedule();
    });
  }

  private durable(upTo: number): void {
    if (upTo <= this.durableUpTo) return;
    this.durableUpTo = upTo;
    this.onDurable(upTo);
  }

  private throwFailure(): void {
    const failure = this.failure;
    if (!failure) return;
    this.failure = null;
    throw failure;
  }
}

const missing = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/** No WAL file means its frames were checkpointed into the database file, which SQLite syncs then. */
function fsyncPath(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if (missing(err)) return;
    throw err;
  }
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncPathAsync(file: string, done: (err: NodeJS.ErrnoException | null) => void): void {
  fs.open(file, 'r', (openErr, fd) => {
    if (openErr) {
      done(missing(openErr) ? null : openErr);
      return;
    }
    fs.fsync(fd, (syncErr) => {
      fs.close(fd, () => {
        done(syncErr);
      });
    });
  });
}
