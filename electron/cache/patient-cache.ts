/**
 * The patient cache: one long-lived encrypted connection, lookups and the unified summary. Every
 * read of patient data takes an actor + reason and writes its own audit row, so none is forgotten.
 */
import type { PatientMatch, PatientSummary } from '../../shared/domain/patient';
import { CodedError } from '../../shared/errors';
import type { AuditContext } from './audit/audit-event';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { mapOpenError, openEncryptedDatabase, rekeyDatabase, type Db } from './connection';
import { importInWorker, type WorkerImportOptions } from './import/import-in-worker';
import { importFiles, importResources, type ImportOptions, type ImportReport } from './import/importer';
import type { KeyProvider } from './key-provider';
import { migrate, schemaVersion } from './migrations';
import { DEFAULT_REGION, toE164, type Region } from './phone';
import { createPatientLookup, type PatientLookup } from './repositories/lookup';
import { createSummaryReader, SUMMARY_FIELDS } from './repositories/summary';
import { createPracticeAttempts, type PracticeAttemptRow } from './repositories/practice-attempts';

export interface OpenCacheOptions {
  path: string;
  keyProvider: KeyProvider;
  /** Region for phone numbers written without a country code. Default US. */
  defaultRegion?: Region;
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
  ) {
    this.log = createAuditLog(db);
    this.audit = { verify: (anchor) => this.log.verify(anchor), recent: (n) => this.log.recent(n), count: () => this.log.count(), head: () => this.log.head() };
    this.lookup = createPatientLookup(db);
    this.readSummary = createSummaryReader(db);
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
    return createPracticeAttempts<R>(this.db).record(attempt);
  }

  /** Practice history, newest first: one trainee's, or everyone's (a team lead's review). */
  practiceAttempts<R>(trainee: string | null, limit = 200): PracticeAttemptRow<R>[] {
    this.assertOpen();
    return createPracticeAttempts<R>(this.db).list(trainee, limit);
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

  /** Counts (patients, resources) are computed once and refreshed after imports through this cache. */
  stats(): CacheStats {
    this.assertOpen();
    const count = (table: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    this.counts ??= { patients: count('patient_index'), resources: count('resource') };
    return { ...this.counts, auditEvents: this.log.head().seq, schemaVersion: schemaVersion(this.db) };
  }

  /** Imports files on this connection (CLI, tests). The app uses `importInWorker`. */
  importFiles(files: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
    this.assertOpen();
    this.counts = null;
    return importFiles(this.db, files, { region: this.defaultRegion, ...options }).finally(() => (this.counts = null));
  }

  /** Imports resources from memory or a generator (the synthetic data set), validated like files. */
  importGenerated(resources: Iterable<unknown>, source = '(generated)', options: ImportOptions = {}): ImportReport {
    this.assertOpen();
    this.counts = null;
    try {
      return importResources(this.db, resources, { region: this.defaultRegion, source, ...options });
    } finally {
      this.counts = null;
    }
  }

  /** Imports on a worker_thread; this connection stays free for lookups meanwhile. */
  importInWorker(files: readonly string[], options: WorkerImportOptions = {}): Promise<ImportReport> {
    this.assertOpen();
    if (!this.key) throw new CodedError('invalidArgument', 'an unencrypted store cannot be imported into from a worker');
    return importInWorker(this.path, this.key, files, { region: this.defaultRegion, ...options }).finally(() => (this.counts = null));
  }

  /** Re-encrypts the store under the new provider's key (made if it has none); all data is kept. */
  rekey(newKeyProvider: KeyProvider): void {
    this.assertOpen();
    if (!this.key) throw new CodedError('invalidArgument', 'the store is not encrypted');
    const newKey = newKeyProvider.readKey() ?? newKeyProvider.createKey();
    rekeyDatabase(this.db, newKey);
    this.key = newKey;
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
    const rows = this.db
      .prepare(`SELECT json FROM resource WHERE type = 'Communication' AND instr(json, ?) > 0 AND json_extract(json, '$.sent') >= ? AND json_extract(json, '$.sent') < ?`)
      .all(`"${url}"`, from, to) as { json: string }[];
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
    this.db.close();
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
  const { db, key } = openEncryptedDatabase(options.path, options.keyProvider);
  try {
    migrate(db);
  } catch (err) {
    db.close();
    throw mapOpenError(err, true);
  }
  return new PatientCache(db, options.path, key, options.defaultRegion);
}
