/**
 * The test FHIR server's process, for any test runner (vitest's and Playwright's global setups): start the jar on a
 * free loopback port in the background (lower CPU priority, output to a log file), wait until it answers, stop it by
 * its PID. Nothing here depends on a test runner.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../loopback-port';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const JAR = path.join(REPO_ROOT, 'test/fhir-server/target/carefront-test-fhir-server.jar');
export const NOT_BUILT = 'the test FHIR server is not built: run bash test/fhir-server/build.sh (or scripts/setup.sh)';
/** Short start-up on 2 cores: the client compiler only, one GC thread, the JDK's class-data archive. */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xmx1g', '-XX:+ExitOnOutOfMemoryError'];

export interface FhirProcess {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the jar (not waiting for it to be ready); null when the JVM could not be started. */
export async function startFhirServerProcess(log: string): Promise<FhirProcess | null> {
  const port = await freePort();
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const [cmd, args] = fs.existsSync('/usr/bin/nice')
    ? ['/usr/bin/nice', ['-n', '5', 'java', ...JVM_FLAGS, '-jar', JAR, String(port)]]
    : ['java', [...JVM_FLAGS, '-jar', JAR, String(port)]];
  // `nice` execs java: the PID is the JVM's.
  const child = spawn(cmd, args, { stdio: ['ignore', out, out], cwd: path.dirname(JAR) });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) return null;
  let exited = false;
  child.on('exit', () => (exited = true));
  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    pid,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) =>
        child.once('exit', () => {
          resolve();
        }),
      );
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => !exited && process.kill(pid, 'SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the base URL once /metadata answers 200; rejects when the JVM (if `pid`) has exited or on timeout. */
export async function waitUntilReady(baseUrl: string, pid: number | null, log: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/metadata`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return baseUrl;
    } catch {
      // Not listening yet.
    }
    if (pid !== null && !alive(pid)) throw new Error(`the test FHIR server exited before it was ready; see ${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the test FHIR server was not ready within ${timeoutMs} ms; see ${log}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
