// The test FHIR server the e2e global setup started for the EHR specs (or why there is none), and a desk's data
// folder connected to it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportRepository, keyFileProvider, openStore } from '../../electron/cache';
import { EhrConnectionStore } from '../../electron/ehr/connection-store';
import { SecretBox } from '../../electron/main/services/secret-box';
import { envWithProjectNode, projectNode } from '../../scripts/project-node.mjs';
import { root } from './app-process';

export interface E2eFhir {
  /** The server's base URL (null: none for this run, `reason` says why). */
  baseUrl: string | null;
  pid: number | null;
  reason: string;
  log: string;
}

export const e2eFhir = JSON.parse(
  process.env.CAREFRONT_E2E_FHIR ?? '{"baseUrl":null,"pid":null,"reason":"the e2e global setup did not run","log":""}',
) as E2eFhir;

/**
 * A fresh data folder whose encrypted store exists and is connected to the server (as `carefront-admin ehr set
 * --auth none` leaves it), holding `resources` as the desk's cache would after a sync (none: the app seeds its demo
 * patients). The caller removes it.
 */
export function connectedDataDir(prefix: string, baseUrl: string, resources: unknown[] = []): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `carefront-e2e-${prefix}-`));
  const keyProvider = keyFileProvider(path.join(dataDir, 'demo.key'));
  const store = openStore({ path: path.join(dataDir, 'demo.db'), keyProvider });
  try {
    if (resources.length > 0) new ImportRepository(store).importGenerated(resources, '(the server)');
  } finally {
    store.close();
  }
  new EhrConnectionStore(dataDir, new SecretBox(keyProvider.readKey()!)).save({ baseUrl, auth: { kind: 'none' } });
  return dataDir;
}

/** `carefront-admin` on a data folder's store, as a site administrator runs it. */
export function adminOn(dataDir: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const store = ['--db', path.join(dataDir, 'demo.db'), '--key-file', path.join(dataDir, 'demo.key')];
  return new Promise((resolve) => {
    execFile(
      projectNode,
      [path.join(root, 'bin/carefront-admin.mjs'), ...args, ...store],
      { cwd: root, timeout: 60_000, env: envWithProjectNode() },
      (err, stdout, stderr) => {
        resolve({ status: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
