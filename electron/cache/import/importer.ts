/**
 * FHIR import in batch transactions. Every valid resource is upserted by type + id; an invalid one
 * is reported (file, line, reason) and skipped, alone (one bad entry never costs the rest); a type
 * the cache does not keep is counted as ignored. A killed import leaves every committed batch in
 * place and the database consistent; running it again completes it (upserts are idempotent).
 */
import type { Db } from '../connection';
import { MAX_RESOURCE_DEPTH, nestsDeeperThan, tooDeepReason } from '../fhir/depth';
import { itemLocation, readFhirFile, type SourceItem } from '../fhir/read-source';
import type { AnyResource } from '../fhir/resources';
import { validateResource } from '../fhir/validate';
import { DEFAULT_REGION } from '../phone';
import type { ImportIssue, ImportOptions, ImportProgress, ImportReport } from './import-types';
import { createResourceWriter } from './resource-writer';

export type { ImportIssue, ImportOptions, ImportProgress, ImportReport } from './import-types';

export const formatIssue = (i: ImportIssue): string => `${itemLocation(i)}: ${i.reason}`;

class ImportRun {
  private readonly started = performance.now();
  private readonly batchSize: number;
  private readonly maxIssues: number;
  private readonly pending: { resource: AnyResource; raw?: string }[] = [];
  private readonly commit: (batch: { resource: AnyResource; raw?: string }[]) => void;
  private readonly issues: ImportIssue[] = [];
  private issuesOmitted = 0;
  private progress: ImportProgress = { file: null, imported: 0, skipped: 0, ignored: 0, ignoredByType: {}, committed: 0, byType: {} };

  constructor(
    db: Db,
    private readonly options: ImportOptions,
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 2000);
    this.maxIssues = options.maxIssues ?? 1000;
    const writer = createResourceWriter(db, options.region ?? DEFAULT_REGION);
    this.commit = db.transaction((batch: { resource: AnyResource; raw?: string }[]) => {
      for (const { resource, raw } of batch) writer.upsert(resource, raw);
    });
  }

  startFile(file: string): void {
    this.progress.file = file;
  }

  acceptItem(item: SourceItem): void {
    if (item.error !== undefined) {
      this.skip(item, item.error);
      return;
    }
    if (item.ignored !== undefined) {
      this.ignore(item.ignored);
      return;
    }
    if (nestsDeeperThan(item.value, MAX_RESOURCE_DEPTH)) {
      this.skip(item, tooDeepReason());
      return;
    }
    const checked = validateResource(item.value);
    if (!checked.ok) {
      if (checked.unsupported !== undefined) this.ignore(checked.unsupported);
      else this.skip(item, checked.reason);
      return;
    }
    this.acceptResource(checked.resource, item.raw);
  }

  acceptResource(resource: AnyResource, raw?: string): void {
    this.pending.push(raw === undefined ? { resource } : { resource, raw });
    this.progress.imported += 1;
    this.progress.byType[resource.resourceType] = (this.progress.byType[resource.resourceType] ?? 0) + 1;
    if (this.pending.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.commit(this.pending);
    this.progress.committed += this.pending.length;
    this.pending.length = 0;
    this.options.onProgress?.(this.snapshot());
  }

  finish(): ImportReport {
    this.flush();
    const durationMs = performance.now() - this.started;
    return {
      ...this.snapshot(),
      issues: this.issues,
      issuesOmitted: this.issuesOmitted,
      durationMs,
      resourcesPerSecond: Math.round(this.progress.imported / Math.max(durationMs / 1000, 1e-6)),
    };
  }

  private snapshot(): ImportProgress {
    return { ...this.progress, byType: { ...this.progress.byType }, ignoredByType: { ...this.progress.ignoredByType } };
  }

  private ignore(what: string): void {
    this.progress.ignored += 1;
    this.progress.ignoredByType[what] = (this.progress.ignoredByType[what] ?? 0) + 1;
  }

  private skip(item: SourceItem, reason: string): void {
    this.progress.skipped += 1;
    const issue: ImportIssue = { file: item.file, line: item.line, reason };
    if (item.entry !== undefined) issue.entry = item.entry;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
    else this.issuesOmitted += 1;
  }
}

/**
 * While importing: a larger page cache (random inserts into the phone and birth-date indexes stay in
 * memory instead of being re-read and re-decrypted) and rarer checkpoints. Returns the restore step.
 */
function applyBulkSettings(db: Db): () => void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
  db.pragma('wal_autocheckpoint = 20000');
  return () => {
    if (!db.open) return;
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  };
}

const BULK_CACHE_KIB = 512 * 1024;

/** Imports NDJSON / Bundle files into an open store. */
export async function importFiles(db: Db, files: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const restore = applyBulkSettings(db);
  try {
    const run = new ImportRun(db, options);
    for (const file of files) {
      run.startFile(file);
      for await (const item of readFhirFile(file, options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {})) run.acceptItem(item);
    }
    return run.finish();
  } finally {
    restore();
  }
}

/** Imports resources from memory or a generator (the synthetic data set), validated like files. */
export function importResources(db: Db, resources: Iterable<unknown>, options: ImportOptions & { source?: string } = {}): ImportReport {
  const restore = applyBulkSettings(db);
  try {
    const run = new ImportRun(db, options);
    const file = options.source ?? '(generated)';
    run.startFile(file);
    let entry = 0;
    for (const value of resources) {
      entry += 1;
      run.acceptItem({ file, line: null, entry, value });
    }
    return run.finish();
  } finally {
    restore();
  }
}
