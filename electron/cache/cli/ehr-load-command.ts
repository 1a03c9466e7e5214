/**
 * `carefront-admin ehr load`: the cache's first load from the site's FHIR server by Bulk Data
 * `$export` (the connection set by `ehr set`). Prints a progress line when the phase changes, while
 * waiting for the server (its X-Progress), and per file; then a summary. Killed or stopped, the next
 * `ehr load` resumes the same export and skips the files already imported.
 */
import path from 'node:path';
import { CodedError } from '../../../shared/errors';
import { BulkExportClient } from '../../ehr/bulk-export';
import { loadByBulkExport, type BulkLoadProgress } from '../../ehr/bulk-load';
import { openSiteEhr, siteRequestAuth } from '../../ehr/site-connection';
import { EhrSyncStateRepository } from '../repositories/ehr-sync-state';
import { ServerCopyRepository } from '../repositories/server-copy';
import { keyFileProvider } from '../key-provider';
import { openStore } from '../store';
import type { CommonOptions } from './commands';
import { EXIT, printResult, UsageError } from './output';

const progressLine = (p: BulkLoadProgress): string => {
  switch (p.phase) {
    case 'kick-off':
      return 'starting the export on the server';
    case 'waiting':
      return `waiting for the server${p.resumed ? ' (resumed export)' : ''}${p.serverProgress ? `: ${p.serverProgress}` : ''}${p.nextPollMs !== null ? ` (next poll in ${Math.round(p.nextPollMs / 1000)} s)` : ''}`;
    case 'downloading':
      return `files ${p.filesDone}/${p.filesTotal ?? '?'}, resources ${p.resourcesDone} (applied ${p.applied}, stale ${p.stale}, rejected ${p.rejected})${p.resumed ? ' (resumed)' : ''}`;
    case 'done':
      return 'done';
  }
};

const seconds = (raw: string | undefined, name: string, fallback: number): number => {
  if (raw === undefined) return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) === 0) throw new UsageError(`${name} must be a whole number of seconds`);
  return Number(raw) * 1000;
};

export async function ehrLoadCommand(o: CommonOptions, options: { 'max-wait'?: string; 'batch-size'?: string }): Promise<number> {
  const maxWaitMs = seconds(options['max-wait'], '--max-wait', 120_000);
  const batch = options['batch-size'];
  if (batch !== undefined && (!/^\d{1,6}$/.test(batch) || Number(batch) === 0)) throw new UsageError('--batch-size must be a whole number of resources');
  const store = openStore({ path: o.db, keyProvider: keyFileProvider(o.keyFile) });
  try {
    const site = openSiteEhr(path.dirname(path.resolve(o.db)), store.storeKey());
    if (!site.link) throw new CodedError('ehrSettingsInvalid', 'no EHR connection is set (carefront-admin ehr set ...)');
    const client = new BulkExportClient({ ...siteRequestAuth(site.link), maxWaitMs });
    let lastKey = '';
    const report = await loadByBulkExport({
      client,
      copy: new ServerCopyRepository(store),
      state: new EhrSyncStateRepository(store),
      ...(batch ? { batchSize: Number(batch) } : {}),
      onProgress: (p) => {
        if (o.json) return;
        // A line per phase, per poll and per file done, not per batch.
        const line = progressLine(p);
        const key = p.phase === 'downloading' ? `files ${p.filesDone}` : line;
        if (key === lastKey) return;
        lastKey = key;
        process.stdout.write(`${line}\n`);
      },
    });
    printResult(o.json, report, () =>
      [
        `loaded ${report.resourcesDone} resources from ${report.filesTotal ?? 0} files (${report.filesFetched} fetched by this run${report.resumed ? ', resumed' : ''})`,
        `applied ${report.applied}, stale ${report.stale}, rejected ${report.rejected}${report.badLines ? ` (${report.badLines} unreadable lines)` : ''}`,
        `server export time ${(report.exportMs / 1000).toFixed(1)} s; load ${(report.loadMs / 1000).toFixed(1)} s, ${report.resourcesPerSecond} resources/s`,
        `sync point ${report.transactionTime}`,
      ].join('\n'),
    );
    return report.rejected > 0 ? EXIT.partial : EXIT.ok;
  } finally {
    store.close();
  }
}
