/**
 * vitest globalSetup: starts the test FHIR server (HAPI FHIR R4 JPA, test/fhir-server) ONCE per run, in the
 * background on a free loopback port, and provides its base URL to the tests (`inject('fhirServer')`). It does
 * not wait for the server: the tests that need it wait for readiness (see ./server.ts), the others run at once.
 * The JVM runs at a lower CPU priority so it slows the other tests as little as possible; its output goes to
 * test-results/fhir-server.log; teardown stops it by its PID.
 * Not started when the run is limited to files that are not EHR tests, or with CAREFRONT_FHIR_SERVER=off.
 * CAREFRONT_FHIR_BASE_URL=http://127.0.0.1:PORT/fhir uses a test server already running instead (while developing).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { FhirServerInfo } from './server';
import { freePort } from '../loopback-port';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const JAR = path.join(REPO_ROOT, 'test/fhir-server/target/carefront-test-fhir-server.jar');
/** Short start-up on 2 cores: the client compiler only, one GC thread, the JDK's class-data archive. */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xmx1g', '-XX:+ExitOnOutOfMemoryError'];

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const log = path.join(REPO_ROOT, 'test-results', 'fhir-server.log');
  const skip = (reason: string) => project.provide('fhirServer', { baseUrl: null, pid: null, reason, log } satisfies FhirServerInfo);
  const external = process.env.CAREFRONT_FHIR_BASE_URL;
  if (external) return void project.provide('fhirServer', { baseUrl: external.replace(/\/+$/, ''), pid: null, reason: '', log } satisfies FhirServerInfo);
  const wanted = wantedByThisRun();
  if (!wanted.start) return void skip(wanted.reason);
  if (!fs.existsSync(JAR)) {
    const reason = `the test FHIR server is not built: run bash test/fhir-server/build.sh (or scripts/setup.sh)`;
    if (process.env.CI) throw new Error(reason);
    return void skip(reason);
  }
  const port = await freePort();
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const [cmd, args] = fs.existsSync('/usr/bin/nice') ? ['/usr/bin/nice', ['-n', '5', 'java', ...JVM_FLAGS, '-jar', JAR, String(port)]] : ['java', [...JVM_FLAGS, '-jar', JAR, String(port)]];
  // `nice` execs java: the PID is the JVM's.
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], cwd: path.dirname(JAR) });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) return void skip('the test FHIR server could not be started (java missing?)');
  let exited = false;
  child.on('exit', () => (exited = true));
  project.provide('fhirServer', { baseUrl: `http://127.0.0.1:${port}/fhir`, pid, reason: '', log } satisfies FhirServerInfo);
  return async () => {
    if (exited) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => !exited && process.kill(pid, 'SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  };
}

/** Start unless the command line names only files or folders outside the EHR tests. */
function wantedByThisRun(): { start: boolean; reason: string } {
  if (process.env.CAREFRONT_FHIR_SERVER === 'off') return { start: false, reason: 'CAREFRONT_FHIR_SERVER=off' };
  const runIndex = process.argv.findIndex((a) => a === 'run' || a === 'watch' || a === 'related');
  const filters = (runIndex >= 0 ? process.argv.slice(runIndex + 1) : []).filter((a) => !a.startsWith('-') && /[/.]|test/.test(a));
  if (filters.length === 0 || filters.some((f) => /ehr|fhir-server/.test(f))) return { start: true, reason: '' };
  return { start: false, reason: 'this run names no EHR test' };
}

