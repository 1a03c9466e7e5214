/**
 * The store: one long-lived encrypted connection (key derivation is slow by design), its key, the
 * schema (migrations run on open), the single-writer store lock and the audit secret with the one
 * writer of the audit chain. What is kept in it is read and written through the repositories
 * (electron/cache/repositories/), each created from a store. The store is held (shared) for its
 * lifetime, so a rekey from another process is refused meanwhile.
 */
import os from 'node:os';
import { CodedError } from '../../shared/errors';
import type { AuditContext } from './audit/audit-event';
import { auditKeysFrom, type AuditKeys } from './audit/audit-keys';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { checkpointFilePath, fileCheckpointSink, signCheckpoint, type CheckpointSink } from './audit/checkpoint-sink';
import { inspectStoreFile, mapOpenError, openEncryptedDatabase, type Db } from './connection';
import type { KeyProvider } from './key-provider';
import { migrate, MIGRATIONS, schemaVersion } from './migrations';
import { DEFAULT_REGION, type Region } from './phone';
import { rotateStoreKey, type RekeyOptions } from './rekey';
import { guardStore } from './store-errors';
import { lockStore, type StoreLock, type StoreLockMode } from './store-lock';

export interface OpenStoreOptions {
  path: string;
  keyProvider: KeyProvider;
  /** Region for phone numbers written without a country code. Default US. */
  defaultRegion?: Region;
  /** The audit key's provider. Default: the one `keyProvider` names (its own file beside the key file). */
  auditKeyProvider?: KeyProvider;
  /** Where signed checkpoints of the audit head go. Default: `<store>.audit-checkpoints` beside the store. */
  checkpoints?: CheckpointSink;
  /** 'shared' (default: the app, CLI reads and imports) or 'exclusive' (a rekey: refused while anyone else has the store open). */
  lock?: StoreLockMode;
}

/**
 * What a store holds besides its connection: the audit secret and keys, the checkpoint sink, and
 * (opened by `openStore`) the lock and the key's provider. The benchmark's plain copy has neither.
 */
export interface StoreParts {
  auditSecret: Buffer;
  auditKeys: AuditKeys;
  checkpoints: CheckpointSink;
  lock?: StoreLock;
  keyProvider?: KeyProvider;
}

export interface StoreStats {
  patients: number;
  resources: number;
  auditEvents: number;
  schemaVersion: number;
}

/** Who works on the store when the caller does not say: the operating-system user running this process. */
export const osUserContext = (reason: string): AuditContext => ({ actor: `os-user/${os.userInfo().username}`, reason });

/** Wraps every method of `o` so the store's failures come out as coded errors. */
function guarded<T extends object>(o: T): T {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(o))
    out[k] = typeof v === 'function' ? (...args: unknown[]) => guardStore(() => (v as (...a: unknown[]) => unknown).apply(o, args)) : v;
  return out as T;
}

export class Store {
  /** The one writer of the audit chain on this connection: every repository appends through it. */
  readonly auditLog: AuditLog;
  private closed = false;
  /** Row counts are a full scan on a big store: kept until something imports again. */
  private counts: { patients: number; resources: number } | null = null;

  constructor(
    private readonly db: Db,
    readonly path: string,
    /** Null only for the benchmark's unencrypted copy. */
    private key: Buffer | null,
    readonly defaultRegion: Region,
    private readonly parts: StoreParts,
  ) {
    this.auditLog = guarded(createAuditLog(db, { keys: parts.auditKeys, checkpoints: parts.checkpoints }));
  }

  /** The audit chain's public name: the fingerprint of its signing key (stable while the audit key is; no secret). */
  get auditChainId(): string {
    return this.parts.auditKeys.keyId;
  }

  /** The connection, for the repositories (synchronous, inside the main process). Refused once closed. */
  connection(): Db {
    this.assertOpen();
    return this.db;
  }

  /** The store key, for an import on a worker thread (its own connection to the same file). */
  storeKey(): Buffer {
    this.assertOpen();
    if (!this.key) throw new CodedError('invalidArgument', 'an unencrypted store cannot be imported into from a worker');
    return this.key;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  assertOpen(): void {
    if (this.closed) throw new CodedError('invalidArgument', 'the store is closed');
  }

  /** Counts (patients, resources) are computed once and refreshed after imports (`countsChanged`). */
  stats(): StoreStats {
    this.assertOpen();
    return guardStore(() => {
      const count = (table: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      this.counts ??= { patients: count('patient_index'), resources: count('resource') };
      return { ...this.counts, auditEvents: this.auditLog.head().seq, schemaVersion: schemaVersion(this.db) };
    });
  }

  /** Told by an import (when it starts and ends): the counts are read again next time. */
  countsChanged(): void {
    this.counts = null;
  }

  /**
   * Re-encrypts the store under a new random key that `newKeyProvider` stores (in place when it is
   * the current key file). Needs the store opened with `lock: 'exclusive'`. Crash-safe: the new key
   * is staged durably first, then the store re-encrypted, then the key file renamed into place; the
   * next open finishes or discards an interrupted rotation. Audited before and after.
   */
  rekey(newKeyProvider: KeyProvider, options: RekeyOptions = {}): void {
    this.assertOpen();
    if (!this.key) throw new CodedError('invalidArgument', 'the store is not encrypted');
    if (this.parts.lock?.mode !== 'exclusive') throw new CodedError('cacheInUse', 'a rekey needs the store opened exclusively (lock: exclusive)');
    const ctx = options.ctx ?? osUserContext('key rotation');
    this.auditLog.flush();
    this.key = guardStore(() =>
      rotateStoreKey(this.db, this.auditLog, { current: this.parts.keyProvider, target: newKeyProvider, auditSecret: this.parts.auditSecret }, options, ctx),
    );
    this.parts.keyProvider = newKeyProvider;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // The rows committed last go on disk, with their checkpoints, before the connection closes.
      this.auditLog.flush();
    } finally {
      this.closeConnection();
    }
  }

  private closeConnection(): void {
    try {
      this.db.close();
    } finally {
      this.parts.checkpoints.close();
      this.parts.lock?.release();
    }
  }
}

/** Opens (creating on first run) the encrypted store and brings its schema up to date. */
export function openStore(options: OpenStoreOptions): Store {
  // What cannot be a store is refused before anything (a lock file) is created beside it.
  inspectStoreFile(options.path);
  const lock = lockStore(options.path, options.lock ?? 'shared');
  let opened: ReturnType<typeof openEncryptedDatabase>;
  try {
    opened = openEncryptedDatabase(options.path, options.keyProvider);
  } catch (err) {
    lock.release();
    throw err;
  }
  const { db, key } = opened;
  let checkpoints: CheckpointSink | undefined;
  try {
    const auditSecret = readAuditSecret(db, options);
    const auditKeys = auditKeysFrom(auditSecret);
    const sink = options.checkpoints ?? fileCheckpointSink(checkpointFilePath(options.path));
    checkpoints = sink;
    migrate(db, MIGRATIONS, {
      audit: auditKeys,
      checkpoint: (seq, head, at) => {
        sink.append(signCheckpoint(auditKeys, seq, head, at));
      },
    });
    return new Store(db, options.path, key, options.defaultRegion ?? DEFAULT_REGION, {
      auditSecret,
      auditKeys,
      checkpoints: sink,
      lock,
      keyProvider: options.keyProvider,
    });
  } catch (err) {
    db.close();
    checkpoints?.close();
    lock.release();
    throw mapOpenError(err, true);
  }
}

/**
 * The audit secret: made on first use (a new store, or one from before the keyed chain), refused
 * missing once the keyed chain has rows or checkpoints (a new key would silently restart the trail).
 */
function readAuditSecret(db: Db, options: OpenStoreOptions): Buffer {
  const provider = options.auditKeyProvider ?? options.keyProvider.auditKeyProvider?.();
  if (!provider) throw new CodedError('invalidArgument', `the key provider (${options.keyProvider.description}) names no audit key: pass auditKeyProvider`);
  const secret = provider.readKey();
  if (secret) return secret;
  const keyed = schemaVersion(db) >= 4;
  const hasRows = keyed && (db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM audit_event LIMIT 1)').get() as { n: number }).n > 0;
  const hasCheckpoints = (options.checkpoints ?? fileCheckpointSink(checkpointFilePath(options.path))).exists();
  if (hasRows || hasCheckpoints)
    throw new CodedError('cacheAuditKeyMissing', `the audit key (${provider.description}) is missing for a store whose audit trail uses it`);
  return provider.createKey();
}
