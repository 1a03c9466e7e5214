/**
 * Every import is audited through the cache's entry points (files, generated data, the worker): a
 * row when it starts (what, who) and one when it ends (counts; the resources it overwrote and whose
 * they were, with the range of `resource_history` rows that keep their previous versions).
 */
import type { AuditContext, AuditObject } from '../audit/audit-event';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../connection';
import { errorCode } from '../error-code';
import type { ImportReport } from './import-types';

/** Patients named in one audit row at most; the rest are counted (the history rows name them all). */
const MAX_PATIENTS_PER_ROW = 1000;

interface Overwritten {
  count: number;
  patients: string[];
  patientCount: number;
  range: string;
}

function overwrittenSince(db: Db, fromHid: number): Overwritten {
  const rows = db
    .prepare<[number], { hid: number; type: string; id: string; patient_id: string }>(
      'SELECT hid, type, id, patient_id FROM resource_history WHERE hid > ? ORDER BY hid',
    )
    .all(fromHid);
  const patients = new Set<string>();
  for (const r of rows) patients.add(r.type === 'Patient' ? r.id : r.patient_id);
  patients.delete('');
  const list = [...patients];
  const [first, last] = [rows.at(0), rows.at(-1)];
  return {
    count: rows.length,
    patients: list.slice(0, MAX_PATIENTS_PER_ROW),
    patientCount: list.length,
    range: first && last ? `${first.hid}-${last.hid}` : '',
  };
}

const lastHid = (db: Db): number => (db.prepare('SELECT coalesce(max(hid), 0) AS n FROM resource_history').get() as { n: number }).n;

function finishedRow(
  log: AuditLog,
  ctx: AuditContext,
  sources: readonly string[],
  report: ImportReport | null,
  overwritten: Overwritten,
  failure?: unknown,
): void {
  const result: AuditObject = {
    display: 'import result',
    detail: report
      ? {
          imported: report.imported,
          skipped: report.skipped,
          ignored: report.ignored,
          committed: report.committed,
          types: JSON.stringify(report.byType),
          overwritten: overwritten.count,
          ...(overwritten.count ? { 'patients-overwritten': overwritten.patientCount, 'history-rows': overwritten.range } : {}),
        }
      : {
          error: errorCode(failure) ?? 'failed',
          overwritten: overwritten.count,
          ...(overwritten.count ? { 'history-rows': overwritten.range } : {}),
        },
  };
  log.append({
    operation: 'import',
    ctx,
    patientIds: overwritten.patients,
    fields: overwritten.count ? ['previous-version-kept'] : [],
    outcome: report ? 'success' : 'failed',
    objects: [...sources.map((s) => ({ display: s, detail: { stage: 'finished' } })), result],
  });
}

function started(db: Db, log: AuditLog, ctx: AuditContext, sources: readonly string[]): number {
  const from = lastHid(db);
  log.append({
    operation: 'import',
    ctx,
    patientIds: [],
    fields: [],
    outcome: 'success',
    objects: sources.map((s) => ({ display: s, detail: { stage: 'started' } })),
  });
  return from;
}

/** Runs a synchronous import between its two audit rows. */
export function auditedImport(db: Db, log: AuditLog, ctx: AuditContext, sources: readonly string[], run: () => ImportReport): ImportReport;
/** Runs an asynchronous import between its two audit rows. */
export function auditedImport(db: Db, log: AuditLog, ctx: AuditContext, sources: readonly string[], run: () => Promise<ImportReport>): Promise<ImportReport>;
export function auditedImport(
  db: Db,
  log: AuditLog,
  ctx: AuditContext,
  sources: readonly string[],
  run: () => ImportReport | Promise<ImportReport>,
): ImportReport | Promise<ImportReport> {
  const from = started(db, log, ctx, sources);
  const failed = (err: unknown): never => {
    try {
      finishedRow(log, ctx, sources, null, overwrittenSince(db, from), err);
    } catch {
      // The failure itself (a full disk) may stop this row too: the original error is what matters.
    }
    throw err;
  };
  let result: ImportReport | Promise<ImportReport>;
  try {
    result = run();
  } catch (err) {
    return failed(err);
  }
  if (result instanceof Promise) {
    return result.then((report) => {
      finishedRow(log, ctx, sources, report, overwrittenSince(db, from));
      return report;
    }, failed);
  }
  finishedRow(log, ctx, sources, result, overwrittenSince(db, from));
  return result;
}
