/**
 * The patient cache: one long-lived encrypted connection, lookups and the unified summary. Every
 * read of patient data takes an actor + reason and writes its own audit row, so none is forgotten;
 * so do imports (when they start and when they end, with counts) and rekeys. The store is held
 * (shared) for the cache's lifetime, so a rekey from another process is refused meanwhile.
 */
import os from 'node:os';
import type { PatientMatch, PatientSummary } from '../../shared/domain/patient';
import { CodedError } from '../../shared/errors';
import type { AuditContext } from './audit/audit-event';
import { auditKeysFrom, type AuditKeys } from './audit/audit-keys';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { checkpointFilePath, fileCheckpointSink, signCheckpoint, type CheckpointSink } from './audit/checkpoint-sink';
import { inspectStoreFile, mapOpenError, openEncryptedDatabase, type Db } from './connection';
import { importInWorker, type WorkerImportOptions } from './import/import-in-worker';
import { auditedImport } from './import/import-audit';
import { importFiles, importResources, type ImportOptions, type ImportReport } from './import/importer';
import type { KeyProvider } from './key-provider';
import { migrate, MIGRATIONS, schemaVersion } from './migrations';
import { readResourceHistory, type ResourceVersion } from './repositories/resource-history';
import { rotateStoreKey, type RekeyOptions } from './rekey';
import { guardStore, guardStoreAsync } from './store-errors';
import { lockStore, type StoreLock, type StoreLockMode } from './store-lock';
import { DEFAULT_REGION, toE164, type Region } from './phone';
import { createPatientLookup, type PatientLookup } from './repositories/lookup';
import { createSummaryReader, SUMMARY_FIELDS } from './repositories/summary';
import { createPracticeAttempts, type PracticeAttemptRow } from './repositories/practice-attempts';

export interface OpenCacheOptions {
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

/** What a cache needs besides its connection: the audit keys, the checkpoint sink, and what it holds. */
export interface CacheParts {
  auditSecret: Buffer;
  auditKeys: AuditKeys;
  checkpoints: CheckpointSink;
  lock?: StoreLock;
  keyProvider?: KeyProvider;
}

/** Who imports when the caller does not say: the operating-system user running this process. */
const osUserContext = (): AuditContext => ({ actor: `os-user/${os.userInfo().username}`, reason: 'import' });

/** Wraps every method of `o` so the store's failures come out as coded errors. */
function guarded<T extends object>(o: T): T {
  const out = {} as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'function' ? (...args: unknown[]) => guardStore(() => (v as (...a: unknown[]) => unknown).apply(o, args)) : v;
  return out as T;
}

export interface CacheStats {
  patients: number;
  resources: number;
  auditEvents: number;
  schemaVersion: number;
}

export interface DisclosureDecision {
  patientId: string;
  decision: 'granted' | 'denied';
  /** Which protected fields were (or would have been) disclosed. */
  fields: string[];
  /** To whom: `RelatedPerson/<id>`, `Patient/<id>` or `caller`. */
  recipient: string;
}

const LOOKUP_FIELDS = ['name', 'birthDate', 'mrn'];
const IS_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PatientCache {
  readonly audit: Pick<AuditLog, 'verify' | 'recent' | 'count' | 'head'>;
  private readonly log: AuditLog;
  private readonly lookup: PatientLookup;
  private readonly readSummary: (id: string) => PatientSummary | null;
  private closed = false;
  /** Row counts are a full scan on a big store: kept until this cache imports again. */
  private counts: { patients: number; resources: number } | null = null;

  constructor(
    private readonly db: Db,
    readonly path: string,
    private key: Buffer | null,
    readonly defaultRegion: Region = DEFAULT_REGION,
    private readonly parts: CacheParts,
  ) {
    this.log = guarded(createAuditLog(db, { keys: parts.auditKeys, checkpoints: parts.checkpoints }));
    this.audit = { verify: (anchor) => this.log.verify(anchor), recent: (n) => this.log.recent(n), count: () => this.log.count(), head: () => this.log.head() };
    this.lookup = guarded(createPatientLookup(db));
    const readSummary = createSummaryReader(db);
    this.readSummary = (id) => guardStore(() => readSummary(id));
  }

  lookupByPhone(raw: string, ctx: AuditContext): PatientMatch[] {
    const e164 = toE164(raw, this.defaultRegion);
    if (!e164) throw new CodedError('invalidArgument', 'not a phone number');
    return this.audited('lookup-phone', ctx, () => this.lookup.byPhone(e164));
  }

  searchByNameDob(name: string, birthDate: string, ctx: AuditContext): PatientMatch[] {
    if (!IS_DATE.test(birthDate)) throw new CodedError('invalidArgument', 'birthDate must be YYYY-MM-DD');
    if (name.trim().length < 2) throw new CodedError('invalidArgument', 'name is too short');
    return this.audited('search-name-dob', ctx, () => this.lookup.byNameAndBirthDate(name, birthDate));
  }

  findByMrn(mrn: string, ctx: AuditContext): PatientMatch[] {
    if (!mrn.trim()) throw new CodedError('invalidArgument', 'MRN is empty');
    return this.audited('search-mrn', ctx, () => this.lookup.byMrn(mrn));
  }

  summary(patientId: string, ctx: AuditContext): PatientSummary {
    this.assertOpen();
    const summary = this.readSummary(patientId);
    this.log.append({ operation: 'summary', ctx, patientIds: [patientId], fields: summary ? SUMMARY_FIELDS : [], outcome: summary ? 'success' : 'not-found' });
    if (!summary) throw new CodedError('notFound', 'no such patient');
    return summary;
  }

  /** Records whether protected data was disclosed to someone (e.g. a proxy on the phone). Returns the audit sequence number. */
  recordDisclosure(d: DisclosureDecision, ctx: AuditContext): number {
    this.assertOpen();
    return this.log.append({
      operation: 'disclosure',
      ctx,
      patientIds: [d.patientId],
      fields: d.fields,
      outcome: d.decision === 'granted' ? 'success' : 'denied',
      recipient: d.recipient,
    });
  }

  /** Saves a finished practice call (practice store only): trainee, scenario, score and report. */
  recordPracticeAttempt<R>(attempt: Omit<PracticeAttemptRow<R>, 'id'>): number {
    this.assertOpen();
    return guardStore(() => createPracticeAttempts<R>(this.db).record(attempt));
  }

  /** Practice history, newest first: one trainee's, or everyone's (a team lead's review). */
  practiceAttempts<R>(trainee: string | null, limit = 200): PracticeAttemptRow<R>[] {
    this.assertOpen();
    return guardStore(() => createPracticeAttempts<R>(this.db).list(trainee, limit));
  }

  /**
   * Records a team lead's monitoring session (listen / whisper / barge) or a refused attempt, on the
   * lead's and on the agent's desktop. No patient data: who, which mode, which call, the outcome.
   */
  recordMonitoring(m: { peer: string; mode: string; callId: string; event: 'started' | 'mode' | 'ended' | 'refused'; detail?: string }, ctx: AuditContext): number {
    this.assertOpen();
    return this.log.append({
      operation: 'monitor',
      ctx: { actor: ctx.actor, reason: `${ctx.reason}: monitoring ${m.event} (${m.mode}) on call ${m.callId}${m.detail ? `, ${m.detail}` : ''}` },
      patientIds: [],
      fields: [],
      outcome: m.event === 'refused' ? 'denied' : 'success',
      recipient: `sip:${m.peer}`,
    });
  }

  /**
   * The previous versions of a resource that imports overwrote (newest first), audited as a read.
   * Its patient is recorded when the resource belongs to one.
   */
  resourceHistory(type: string, id: string, ctx: AuditContext): ResourceVersion[] {
    this.assertOpen();
    const versions = guardStore(() => readResourceHistory(this.db, type, id));
    const patientIds = [...new Set(versions.map((v) => v.patientId).filter((p) => p !== ''))];
    this.log.append({ operation: 'history', ctx, patientIds, fields: versions.length ? ['previous-versions'] : [], outcome: versions.length ? 'success' : 'not-found', objects: [{ reference: `${type}/${id}` }] });
    return versions;
  }

  /** Counts (patients, resources) are computed once and refreshed after imports through this cache. */
  stats(): CacheStats {
    this.assertOpen();
    return guardStore(() => this.readStats());
  }

  private readStats(): CacheStats {
    const count = (table: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    this.counts ??= { patients: count('patient_index'), resources: count('resource') };
    return { ...this.counts, auditEvents: this.log.head().seq, schemaVersion: schemaVersion(this.db) };
  }

  /**
   * Imports files on this connection (CLI, tests). Audited: a row when it starts (the files, who)
   * and one when it ends (counts, the resources it overwrote, whose they were). `ctx` defaults to
   * the operating-system user.
   */
  importFiles(files: readonly string[], options: ImportOptions & { ctx?: AuditContext } = {}): Promise<ImportReport> {
    this.assertOpen();
    this.counts = null;
    const { ctx, ...rest } = options;
    return guardStoreAsync(() =>
      auditedImport(this.db, this.log, ctx ?? osUserContext(), files.map((f) => `file:${f}`), () => importFiles(this.db, files, { region: this.defaultRegion, ...rest })),
    ).finally(() => (this.counts = null));
  }

  /** Imports resources from memory or a generator (the synthetic data set), validated like files; audited like files. */
  importGenerated(resources: Iterable<unknown>, source = '(generated)', options: ImportOptions & { ctx?: AuditContext } = {}): ImportReport {
    this.assertOpen();
    this.counts = null;
    const { ctx, ...rest } = options;
    try {
      return guardStore(() => auditedImport(this.db, this.log, ctx ?? osUserContext(), [source], () => importResources(this.db, resources, { region: this.defaultRegion, source, ...rest })));
    } finally {
      this.counts = null;
    }
  }

  /** Imports on a worker_thread; this connection stays free for lookups meanwhile. Audited like `importFiles`. */
  importInWorker(files: readonly string[], options: WorkerImportOptions & { ctx?: AuditContext } = {}): Promise<ImportReport> {
    this.assertOpen();
    if (!this.key) throw new CodedError('invalidArgument', 'an unencrypted store cannot be imported into from a worker');
    const key = this.key;
    const { ctx, ...rest } = options;
    return guardStoreAsync(() =>
      auditedImport(this.db, this.log, ctx ?? osUserContext(), files.map((f) => `file:${f}`), () => importInWorker(this.path, key, files, { region: this.defaultRegion, ...rest })),
    ).finally(() => (this.counts = null));
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
    const ctx = options.ctx ?? { ...osUserContext(), reason: 'key rotation' };
    this.key = guardStore(() => rotateStoreKey(this.db, this.log, { current: this.parts.keyProvider, target: newKeyProvider, auditSecret: this.parts.auditSecret }, options, ctx));
    this.parts.keyProvider = newKeyProvider;
  }

  /**
   * Reads the lookup indexes (phone, patient) into the page cache in small slices, yielding to the
   * event loop between them, so the first screen pops after startup do not wait on decryption.
   */
  async warmUp(slice = 20_000): Promise<void> {
    this.assertOpen();
    const phones = this.db.prepare<[string, number], { e164: string }>('SELECT e164 FROM phone_index WHERE e164 > ? ORDER BY e164 LIMIT ?');
    // `name` is in no secondary index, so this walks the table's own pages (what a phone match reads).
    const patients = this.db.prepare<[string, number], { id: string; name: string }>('SELECT id, name FROM patient_index WHERE id > ? ORDER BY id LIMIT ?');
    const scan = async <K extends string>(stmt: { all(from: string, n: number): Record<K, string>[] }, key: K): Promise<void> => {
      let from = '';
      for (;;) {
        if (this.closed) return;
        const rows = stmt.all(from, slice);
        if (rows.length === 0) return;
        from = rows[rows.length - 1]![key];
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await scan(phones, 'e164');
    await scan(patients, 'id');
  }

  /**
   * Communications carrying one of our extensions (contact records, wrap-ups) sent in [from, to), for
   * the team KPIs. Audited: wrap-ups belong to patients, although only the extension's figures are used.
   */
  communicationsWithExtension(url: string, from: string, to: string, ctx: AuditContext): unknown[] {
    this.assertOpen();
    const rows = guardStore(
      () =>
        this.db
          .prepare(`SELECT json FROM resource WHERE type = 'Communication' AND instr(json, ?) > 0 AND json_extract(json, '$.sent') >= ? AND json_extract(json, '$.sent') < ?`)
          .all(`"${url}"`, from, to) as { json: string }[],
    );
    this.log.append({ operation: 'export', ctx, patientIds: [], fields: ['contact-figures'], outcome: rows.length ? 'success' : 'not-found' });
    return rows.map((r) => JSON.parse(r.json) as unknown);
  }

  /** The raw connection, for the importer and the synthetic data generator inside this module. */
  connection(): Db {
    this.assertOpen();
    return this.db;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.parts.checkpoints.close();
      this.parts.lock?.release();
    }
  }

  private audited(operation: 'lookup-phone' | 'search-name-dob' | 'search-mrn', ctx: AuditContext, read: () => PatientMatch[]): PatientMatch[] {
    this.assertOpen();
    const matches = read();
    const patientIds = [...new Set(matches.map((m) => m.patientId))];
    this.log.append({ operation, ctx, patientIds, fields: matches.length ? LOOKUP_FIELDS : [], outcome: matches.length ? 'success' : 'not-found' });
    return matches;
  }

  private assertOpen(): void {
    if (this.closed) throw new CodedError('invalidArgument', 'the patient cache is closed');
  }
}

/** Opens (creating on first run) the encrypted store and brings its schema up to date. */
export function openCache(options: OpenCacheOptions): PatientCache {
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
    migrate(db, MIGRATIONS, { audit: auditKeys, checkpoint: (seq, head, at) => sink.append(signCheckpoint(auditKeys, seq, head, at)) });
    return new PatientCache(db, options.path, key, options.defaultRegion, { auditSecret, auditKeys, checkpoints: sink, lock, keyProvider: options.keyProvider });
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
function readAuditSecret(db: Db, options: OpenCacheOptions): Buffer {
  const provider = options.auditKeyProvider ?? options.keyProvider.auditKeyProvider?.();
  if (!provider) throw new CodedError('invalidArgument', `the key provider (${options.keyProvider.description}) names no audit key: pass auditKeyProvider`);
  const secret = provider.readKey();
  if (secret) return secret;
  const keyed = schemaVersion(db) >= 4;
  const hasRows = keyed && (db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM audit_event LIMIT 1)').get() as { n: number }).n > 0;
  const hasCheckpoints = (options.checkpoints ?? fileCheckpointSink(checkpointFilePath(options.path))).exists();
  if (hasRows || hasCheckpoints) throw new CodedError('cacheAuditKeyMissing', `the audit key (${provider.description}) is missing for a store whose audit trail uses it`);
  return provider.createKey();
}
