/**
 * vitest globalSetup: starts the test FHIR server (HAPI FHIR R4 JPA, test/fhir-server) ONCE per run, in the
 * background on a free loopback port, and provides its base URL to the tests (`inject('fhirServer')`). It does
 * not wait for the server: the tests that need it wait for readiness (see ./server.ts), the others run at once.
 * The JVM runs at a lower CPU priority so it slows the other tests as little as possible; its output goes to
 * test-results/fhir-server.log; teardown stops it by its PID.
 * Not started when the run is limited to files that are not EHR tests, or with CAREFRONT_FHIR_SERVER=off.
 * CAREFRONT_FHIR_BASE_URL=http://127.0.0.1:PORT/fhir uses a test server already running instead (while developing).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { JAR, NOT_BUILT, startFhirServerProcess } from './fhir-process';
import type { FhirServerInfo } from './server';

export { JAR } from './fhir-process';
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const log = path.join(REPO_ROOT, 'test-results', 'fhir-server.log');
  const provide = (info: FhirServerInfo) => {
    project.provide('fhirServer', info);
  };
  const skip = (reason: string) => {
    provide({ baseUrl: null, pid: null, reason, log });
  };
  const external = process.env.CAREFRONT_FHIR_BASE_URL;
  if (external) {
    provide({ baseUrl: external.replace(/\/+$/, ''), pid: null, reason: '', log });
    return undefined;
  }
  const wanted = wantedByThisRun();
  if (!wanted.start) {
    skip(wanted.reason);
    return undefined;
  }
  if (!fs.existsSync(JAR)) {
    if (process.env.CI) throw new Error(NOT_BUILT);
    skip(NOT_BUILT);
    return undefined;
  }
  const server = await startFhirServerProcess(log);
  if (!server) {
    skip('the test FHIR server could not be started (java missing?)');
    return undefined;
  }
  provide({ baseUrl: server.baseUrl, pid: server.pid, reason: '', log });
  return () => server.stop();
}

/** Start unless the command line names only files or folders outside the EHR tests. */
function wantedByThisRun(): { start: boolean; reason: string } {
  if (process.env.CAREFRONT_FHIR_SERVER === 'off') return { start: false, reason: 'CAREFRONT_FHIR_SERVER=off' };
  const runIndex = process.argv.findIndex((a) => a === 'run' || a === 'watch' || a === 'related');
  const filters = (runIndex >= 0 ? process.argv.slice(runIndex + 1) : []).filter((a) => !a.startsWith('-') && /[/.]|test/.test(a));
  if (filters.length === 0 || filters.some((f) => /ehr|fhir-server/.test(f))) return { start: true, reason: '' };
  return { start: false, reason: 'this run names no EHR test' };
}
