/** The admin CLI's subcommands: each takes parsed options and returns an exit code. */
import os from 'node:os';
import { CodedError } from '../../../shared/errors';
import type { PatientMatch } from '../../../shared/domain/patient';
import { formatIssue } from '../import/importer';
import { keyFileProvider } from '../key-provider';
import { openCache, type PatientCache } from '../patient-cache';
import { DEFAULT_SEED, generateResources } from '../synthetic/generator';
import { writeNdjson } from '../synthetic/write-ndjson';
import { EXIT, printResult, UsageError } from './output';

export interface CommonOptions {
  db: string;
  keyFile: string;
  json: boolean;
  actor: string;
  reason: string;
}

export const defaultActor = (): string => `admin-cli/${os.userInfo().username}`;

function withCache<T>(o: CommonOptions, fn: (cache: PatientCache) => T): T {
  const cache = openCache({ path: o.db, keyProvider: keyFileProvider(o.keyFile) });
  try {
    return fn(cache);
  } finally {
    cache.close();
  }
}

async function withCacheAsync<T>(o: CommonOptions, fn: (cache: PatientCache) => Promise<T>): Promise<T> {
  const cache = openCache({ path: o.db, keyProvider: keyFileProvider(o.keyFile) });
  try {
    return await fn(cache);
  } finally {
    cache.close();
  }
}

export async function importCommand(o: CommonOptions, files: string[]): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs at least one NDJSON or Bundle file');
  const report = await withCacheAsync(o, (cache) =>
    cache.importFiles(files, {
      onProgress: (p) => {
        if (!o.json && process.stderr.isTTY) process.stderr.write(`\rimported ${p.committed}`);
      },
    }),
  );
  if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
  for (const issue of report.issues) process.stderr.write(`${formatIssue(issue)}\n`);
  if (report.issuesOmitted) process.stderr.write(`... and ${report.issuesOmitted} more skipped\n`);
  printResult(o.json, report, () => `imported ${report.imported} resources, skipped ${report.skipped}, ignored ${report.ignored}${ignoredLine(report.ignoredByType)} (${report.resourcesPerSecond} resources/s)`);
  return report.skipped > 0 ? EXIT.partial : EXIT.ok;
}

/** "(Observation 1861, Claim 614, …)": the types the cache does not keep, most first. */
const ignoredLine = (byType: Record<string, number>): string => {
  const parts = Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

const matchLine = (m: PatientMatch): string =>
  `${m.patientId}\t${m.mrn ?? '-'}\t${m.name}\t${m.birthDate ?? '-'}\t${m.via === 'patient' ? 'own number' : `via ${m.relationship ?? 'related person'} ${m.relatedPersonName ?? ''} (${m.relatedPersonId})`}\trank ${m.rank}`;

export function lookupCommand(o: CommonOptions, q: { phone?: string; name?: string; dob?: string; mrn?: string }): number {
  const ctx = { actor: o.actor, reason: o.reason };
  if (!q.phone && !q.mrn && !(q.name && q.dob)) throw new UsageError('lookup needs --phone P, --mrn M, or --name N --dob YYYY-MM-DD');
  const matches = withCache(o, (cache) => {
    if (q.phone) return cache.lookupByPhone(q.phone, ctx);
    if (q.mrn) return cache.findByMrn(q.mrn, ctx);
    if (q.name && q.dob) return cache.searchByNameDob(q.name, q.dob, ctx);
    throw new UsageError('lookup needs --phone P, --mrn M, or --name N --dob YYYY-MM-DD');
  });
  printResult(o.json, matches.map((m) => ({ ...m, reference: `Patient/${m.patientId}` })), () => (matches.length ? matches.map(matchLine).join('\n') : 'no match'));
  return EXIT.ok;
}

export function summaryCommand(o: CommonOptions, patientId: string | undefined): number {
  if (!patientId) throw new UsageError('summary needs a patient id');
  const summary = withCache(o, (cache) => cache.summary(patientId, { actor: o.actor, reason: o.reason }));
  printResult(o.json, summary, () => JSON.stringify(summary, null, 2));
  return EXIT.ok;
}

export function auditVerifyCommand(o: CommonOptions): number {
  const result = withCache(o, (cache) => cache.audit.verify());
  printResult(o.json, result, () => (result.ok ? `audit chain intact (${result.checked} events)` : `audit chain BROKEN at event ${result.brokenAt}: ${result.reason}`));
  return result.ok ? EXIT.ok : EXIT.failed;
}

export function rekeyCommand(o: CommonOptions, newKeyFile: string | undefined): number {
  if (!newKeyFile) throw new UsageError('rekey needs --new-key-file PATH');
  withCache(o, (cache) => cache.rekey(keyFileProvider(newKeyFile)));
  printResult(o.json, { ok: true, keyFile: newKeyFile }, () => `store re-encrypted; its key is now in ${newKeyFile}`);
  return EXIT.ok;
}

export function statsCommand(o: CommonOptions): number {
  const stats = withCache(o, (cache) => cache.stats());
  printResult(o.json, stats, () => `${stats.patients} patients, ${stats.resources} resources, ${stats.auditEvents} audit events, schema v${stats.schemaVersion}`);
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
  const report = withCache(o, (cache) => cache.importGenerated(generateResources({ patients, seed })));
  if (report.skipped) throw new CodedError('importInvalid', `${report.skipped} generated resources were invalid`);
  printResult(o.json, { patients, resources: report.imported, seconds: (performance.now() - started) / 1000 }, () => `generated ${report.imported} resources for ${patients} patients into ${o.db}`);
  return EXIT.ok;
}
