/** The admin CLI's subcommands: each takes parsed options and returns an exit code. */
import os from 'node:os';
import { CodedError } from '../../../shared/errors';
import type { PatientMatch } from '../../../shared/domain/patient';
import type { AuditContext } from '../audit/audit-event';
import { formatIssue } from '../import/importer';
import { keyFileProvider } from '../key-provider';
import { AuditRepository } from '../repositories/audit';
import { ImportRepository } from '../repositories/imports';
import { PatientRepository } from '../repositories/patients';
import { openStore, type Store } from '../store';
import { DEFAULT_SEED, generateResources } from '../synthetic/generator';
import { writeNdjson } from '../synthetic/write-ndjson';
import { EXIT, printResult, UsageError } from './output';

export interface CommonOptions {
  db: string;
  keyFile: string;
  json: boolean;
  /** Who is recorded: always the operating-system user running the CLI. */
  actor: string;
  reason: string;
  /** What `--actor` said: kept in the audit row as an unverified note, never as the actor. */
  actorNote?: string;
}

/** The operating-system user: what the audit log records as the CLI's actor. */
export const defaultActor = (): string => `admin-cli/${os.userInfo().username}`;

const auditContext = (o: CommonOptions): AuditContext => ({ actor: o.actor, reason: o.reason, ...(o.actorNote ? { note: o.actorNote } : {}) });

/** Opens the store for one command (held shared, or exclusively for a rekey) and closes it after. */
function withStore<T>(o: CommonOptions, fn: (store: Store) => T, lock: 'shared' | 'exclusive' = 'shared'): T {
  const store = openStore({ path: o.db, keyProvider: keyFileProvider(o.keyFile), lock });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

async function withStoreAsync<T>(o: CommonOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore({ path: o.db, keyProvider: keyFileProvider(o.keyFile) });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export async function importCommand(o: CommonOptions, files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one NDJSON or Bundle file');
  const report = await withStoreAsync(o, (store) =>
    new ImportRepository(store).importFiles(files, {
      ctx: auditContext(o),
      onProgress: (p) => {
        if (!o.json && process.stderr.isTTY) process.stderr.write(`\rimported ${p.committed}`);
      },
    }),
  );
  if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
  for (const issue of report.issues) process.stderr.write(`${formatIssue(issue)}\n`);
  if (report.issuesOmitted) process.stderr.write(`... and ${report.issuesOmitted} more skipped\n`);
  printResult(
    o.json,
    report,
    () =>
      `imported ${report.imported} resources, skipped ${report.skipped}, ignored ${report.ignored}${ignoredLine(report.ignoredByType)} (${report.resourcesPerSecond} resources/s)`,
  );
  return report.skipped > 0 ? EXIT.partial : EXIT.ok;
}

/** "(Observation 1861, Claim 614, …)": the types the cache does not keep, most first. */
const ignoredLine = (byType: Record<string, number>): string => {
  const parts = Object.entries(byType)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

const matchLine = (m: PatientMatch): string =>
  `${m.patientId}\t${m.mrn ?? '-'}\t${m.name}\t${m.birthDate ?? '-'}\t${m.via === 'patient' ? 'own number' : `via ${m.relationship ?? 'related person'} ${m.relatedPersonName ?? ''} (${m.relatedPersonId})`}\trank ${m.rank}`;

export function lookupCommand(o: CommonOptions, q: { phone?: string; name?: string; dob?: string; mrn?: string }): number {
  const ctx = auditContext(o);
  if (!q.phone && !q.mrn && !(q.name && q.dob)) throw new UsageError('lookup needs --phone P, --mrn M, or --name N --dob YYYY-MM-DD');
  const matches = withStore(o, (store) => {
    const patients = new PatientRepository(store);
    if (q.phone) return patients.lookupByPhone(q.phone, ctx);
    if (q.mrn) return patients.findByMrn(q.mrn, ctx);
    if (q.name && q.dob) return patients.searchByNameDob(q.name, q.dob, ctx);
    throw new UsageError('lookup needs --phone P, --mrn M, or --name N --dob YYYY-MM-DD');
  });
  printResult(
    o.json,
    matches.map((m) => ({ ...m, reference: `Patient/${m.patientId}` })),
    () => (matches.length ? matches.map(matchLine).join('\n') : 'no match'),
  );
  return EXIT.ok;
}

export function summaryCommand(o: CommonOptions, patientId: string | undefined): number {
  if (!patientId) throw new UsageError('summary needs a patient id');
  const summary = withStore(o, (store) => new PatientRepository(store).summary(patientId, auditContext(o)));
  printResult(o.json, summary, () => JSON.stringify(summary, null, 2));
  return EXIT.ok;
}

export function auditVerifyCommand(o: CommonOptions): number {
  const result = withStore(o, (store) => new AuditRepository(store).verify());
  const anchored = (): string => {
    const c = result.checkpoints;
    return c
      ? `; ${c.count} signed checkpoints, latest at event ${c.latestSeq}${c.unanchored ? `, ${c.unanchored} newer event(s) not yet checkpointed` : ''}${c.damaged ? `, ${c.damaged} damaged checkpoint line(s) ignored` : ''}`
      : '';
  };
  printResult(o.json, result, () =>
    result.ok ? `audit chain intact (${result.checked} events${anchored()})` : `audit chain BROKEN at event ${result.brokenAt}: ${result.reason}`,
  );
  return result.ok ? EXIT.ok : EXIT.failed;
}

/** The newest audit events (FHIR AuditEvent JSON). Reading the trail names no patient data beyond ids. */
export function auditRecentCommand(o: CommonOptions, limit: string | undefined): number {
  const n = limit === undefined ? 20 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError('audit recent --limit needs an integer from 1 to 10000');
  const events = withStore(o, (store) => new AuditRepository(store).recent(n));
  printResult(o.json, events, () =>
    events.map((e) => `${e.id}\t${e.recorded}\t${e.subtype[0]?.code ?? '-'}\t${e.agent[0]?.who.identifier.value ?? '-'}\t${e.outcome}`).join('\n'),
  );
  return EXIT.ok;
}

/** The previous versions of a resource that imports overwrote: `history Patient/p-1`. Audited. */
export function historyCommand(o: CommonOptions, ref: string | undefined): number {
  const [, type, id] = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref ?? '') ?? [];
  if (type === undefined || id === undefined) throw new UsageError('history needs a reference, e.g. Patient/p-1');
  const versions = withStore(o, (store) => new PatientRepository(store).resourceHistory(type, id, auditContext(o)));
  printResult(o.json, versions, () =>
    versions.length
      ? versions.map((v) => `replaced ${v.replacedAt} (imported ${v.importedAt})\n${JSON.stringify(v.resource)}`).join('\n')
      : 'no previous versions',
  );
  return EXIT.ok;
}

/**
 * Re-encrypts the store under a new key: in place (the key file is replaced atomically) or, with
 * --new-key-file, into a new file. Refused while another process (the app) has the store open.
 */
export function rekeyCommand(o: CommonOptions, newKeyFile: string | undefined): number {
  const target = newKeyFile ?? o.keyFile;
  withStore(
    o,
    (store) => {
      store.rekey(keyFileProvider(target), { ctx: { ...auditContext(o), reason: o.reason === 'admin CLI' ? 'key rotation (admin CLI)' : o.reason } });
    },
    'exclusive',
  );
  printResult(o.json, { ok: true, keyFile: target }, () => `store re-encrypted; its key is now in ${target}`);
  return EXIT.ok;
}

export function statsCommand(o: CommonOptions): number {
  const stats = withStore(o, (store) => store.stats());
  printResult(
    o.json,
    stats,
    () => `${stats.patients} patients, ${stats.resources} resources, ${stats.auditEvents} audit events, schema v${stats.schemaVersion}`,
  );
  return EXIT.ok;
}

export function generateCommand(o: CommonOptions, g: { patients?: string; seed?: string; out?: string }): number {
  const patients = Number(g.patients);
  if (!Number.isInteger(patients) || patients < 1) throw new UsageError('generate needs --patients N (a positive integer)');
  const seed = g.seed === undefined ? DEFAULT_SEED : /^\d+$/.test(g.seed) ? Number(g.seed) : g.seed;
  const started = performance.now();
  if (g.out) {
    const count = writeNdjson(g.out, generateResources({ patients, seed }));
    printResult(o.json, { patients, resources: count, out: g.out }, () => `wrote ${count} resources for ${patients} patients to ${g.out}`);
    return EXIT.ok;
  }
  const report = withStore(o, (store) => new ImportRepository(store).importGenerated(generateResources({ patients, seed })));
  if (report.skipped) throw new CodedError('importInvalid', `${report.skipped} generated resources were invalid`);
  printResult(
    o.json,
    { patients, resources: report.imported, seconds: (performance.now() - started) / 1000 },
    () => `generated ${report.imported} resources for ${patients} patients into ${o.db}`,
  );
  return EXIT.ok;
}
