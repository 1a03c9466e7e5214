// Starts the app in browser mode (real services, a fresh encrypted demo store in a temp dir) and
// hands its URL to the tests; and, for the EHR specs, the test FHIR server (HAPI FHIR, test/fhir-server)
// once for the run, in the background (the spec waits until it answers). Both stopped by the returned teardown.
import fs from 'node:fs';
import path from 'node:path';
import { JAR, NOT_BUILT, startFhirServerProcess, type FhirProcess } from '../fhir-server/fhir-process';
import { root, startApp } from './app-process';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(root, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does)');
  }
  const fhir = await startFhirServer();
  const app = await startApp();
  process.env.CAREFRONT_URL = app.url;
  process.env.CAREFRONT_ORIGIN = `http://127.0.0.1:${app.port}`;
  return async () => {
    await app.stop();
    await fhir?.stop();
  };
}

/**
 * The test FHIR server for the EHR specs (test/e2e/ehr-sync, ehr-worklist, ehr-handoff): its base URL (or why there is none) goes to the specs in
 * CAREFRONT_E2E_FHIR. Not started when the command line names only other specs; missing jar: the spec is skipped
 * with the reason (an error on CI). CAREFRONT_FHIR_BASE_URL uses a server already running.
 */
async function startFhirServer(): Promise<FhirProcess | null> {
  const log = path.join(root, 'test-results', 'e2e-fhir-server.log');
  const provide = (info: { baseUrl: string | null; pid: number | null; reason: string }) =>
    void (process.env.CAREFRONT_E2E_FHIR = JSON.stringify({ ...info, log }));
  const none = (reason: string) => {
    provide({ baseUrl: null, pid: null, reason });
    return null;
  };
  const external = process.env.CAREFRONT_FHIR_BASE_URL;
  if (external) {
    provide({ baseUrl: external.replace(/\/+$/, ''), pid: null, reason: '' });
    return null;
  }
  // The spec files or filters named on the command line (never the config file's path, `-c …playwright.config.ts`).
  const specs = process.argv.filter((a) => a.includes('spec') && !a.includes('playwright.config'));
  if (specs.length > 0 && !specs.some((a) => /ehr-(sync|worklist|handoff)/.test(a))) return none('this run names no spec that needs the FHIR server');
  if (!fs.existsSync(JAR)) {
    if (process.env.CI) throw new Error(NOT_BUILT);
    return none(NOT_BUILT);
  }
  const server = await startFhirServerProcess(log);
  if (!server) return none('the test FHIR server could not be started (java missing?)');
  provide({ baseUrl: server.baseUrl, pid: server.pid, reason: '' });
  return server;
}
