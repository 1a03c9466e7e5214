/**
 * For tests: the test FHIR server started by ./global-setup.ts. `fhirServerInfo()` says whether this run has one
 * (skip with its reason when not); `waitForFhirServer()` waits, bounded, until it answers /metadata.
 */
import { inject } from 'vitest';

export interface FhirServerInfo {
  /** e.g. http://127.0.0.1:PORT/fhir; null when this run has no server (then `reason` says why). */
  baseUrl: string | null;
  /** The JVM's PID; null for a server this run did not start. */
  pid: number | null;
  reason: string;
  log: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    fhirServer: FhirServerInfo;
  }
}

/** How long a test waits for the server to come up (a cold JVM on a busy 2-core machine). */
export const FHIR_READY_TIMEOUT_MS = Number(process.env.CAREFRONT_FHIR_READY_TIMEOUT_MS ?? 300_000);

export const fhirServerInfo = (): FhirServerInfo => inject('fhirServer');

/** Resolves with the base URL once /metadata answers 200; rejects when the JVM has exited or on timeout. */
export async function waitForFhirServer(info: FhirServerInfo = fhirServerInfo(), timeoutMs = FHIR_READY_TIMEOUT_MS): Promise<string> {
  const { baseUrl, pid } = info;
  if (!baseUrl) throw new Error(`no test FHIR server in this run: ${info.reason}`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/metadata`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200) return baseUrl;
    } catch {
      // Not listening yet.
    }
    if (pid !== null && !alive(pid)) throw new Error(`the test FHIR server exited before it was ready; see ${info.log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the test FHIR server was not ready within ${timeoutMs} ms; see ${info.log}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
