/**
 * FHIR resources into the store: files (NDJSON, Bundles), resources from memory (the synthetic data
 * set, the desk's own records) or files on a worker thread. Audited: a row when an import starts
 * (what, who) and one when it ends (counts, the resources it overwrote, whose they were). The
 * context defaults to the operating-system user.
 */
import type { AuditContext } from '../audit/audit-event';
import { auditedImport } from '../import/import-audit';
import { importInWorker, type WorkerImportOptions } from '../import/import-in-worker';
import { importFiles, importResources, type ImportOptions, type ImportReport } from '../import/importer';
import { guardStore, guardStoreAsync } from '../store-errors';
import { osUserContext, type Store } from '../store';

export class ImportRepository {
  constructor(private readonly store: Store) {}

  /** Imports files on this connection (CLI, tests). */
  importFiles(files: readonly string[], options: ImportOptions & { ctx?: AuditContext } = {}): Promise<ImportReport> {
    const db = this.store.connection();
    this.store.countsChanged();
    const { ctx, ...rest } = options;
    return this.auditedFileImport(files, ctx, () => importFiles(db, files, { region: this.store.defaultRegion, ...rest }));
  }

  /** Imports resources from memory or a generator (the synthetic data set), validated like files. */
  importGenerated(resources: Iterable<unknown>, source = '(generated)', options: ImportOptions & { ctx?: AuditContext } = {}): ImportReport {
    const db = this.store.connection();
    this.store.countsChanged();
    const { ctx, ...rest } = options;
    try {
      return guardStore(() =>
        auditedImport(db, this.store.auditLog, ctx ?? osUserContext('import'), [source], () =>
          importResources(db, resources, { region: this.store.defaultRegion, source, ...rest }),
        ),
      );
    } finally {
      this.store.countsChanged();
    }
  }

  /** Imports on a worker_thread; this connection stays free for lookups meanwhile. */
  importInWorker(files: readonly string[], options: WorkerImportOptions & { ctx?: AuditContext } = {}): Promise<ImportReport> {
    const key = this.store.storeKey();
    const { ctx, ...rest } = options;
    return this.auditedFileImport(files, ctx, () => importInWorker(this.store.path, key, files, { region: this.store.defaultRegion, ...rest }));
  }

  /** A file import in the audit trail (each file named), store errors mapped, and the counts refreshed after. */
  private auditedFileImport(files: readonly string[], ctx: AuditContext | undefined, run: () => Promise<ImportReport>): Promise<ImportReport> {
    const db = this.store.connection();
    return guardStoreAsync(() =>
      auditedImport(
        db,
        this.store.auditLog,
        ctx ?? osUserContext('import'),
        files.map((f) => `file:${f}`),
        run,
      ),
    ).finally(() => {
      this.store.countsChanged();
    });
  }
}
