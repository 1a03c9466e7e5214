/**
 * Starting and stopping the test FHIR server's JVM, and waiting for it to answer, without vitest: used by the
 * vitest globalSetup (./global-setup.ts) and by the EHR benchmark (bench/ehr.bench.ts), which runs in plain Node.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const JAR = path.join(REPO_ROOT, 'test/fhir-server/target/carefront-test-fhir-server.jar');
/** Short start-up on 2 cores: the client compiler only, one GC thread, the JDK's class-data archive. */
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-Xmx1g', '-XX:+ExitOnOutOfMemoryError'];

export interface StartedFhirServer {
  /** http://127.0.0.1:PORT/fhir */
  baseUrl: string;
  /** The JVM's PID. */
  pid: number;
  /** Whether the JVM has exited. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the JVM is gone. */
  stop(): Promise<void>;
}

/**
 * Starts the jar in the background on a free loopback port at a lower CPU priority, its output to `log`. Does not
 * wait for it to answer (see `waitUntilAnswering`). Null when the JVM could not be started.
 */
export async function startFhirServer(log: string): Promise<StartedFhirServer | null> {
  if (!fs.existsSync(JAR)) throw new Error('the test FHIR server is not built: run bash test/fhir-server/build.sh (or scripts/setup.sh)');
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
    exited: () => exited,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) process.kill(pid, 'SIGKILL');
      }, 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Resolves once `baseUrl`/metadata answers 200; rejects when the JVM (`pid`, if known) has exited or on timeout. */
export async function waitUntilAnswering(baseUrl: string, pid: number | null, timeoutMs: number, log: string): Promise<string> {
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => {
        resolve(port);
      });
    });
  });
}
