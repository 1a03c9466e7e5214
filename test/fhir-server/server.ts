/**
 * For tests: the test FHIR server started by ./global-setup.ts. `fhirServerInfo()` says whether this run has one
 * (skip with its reason when not); `waitForFhirServer()` waits, bounded, until it answers /metadata.
 */
import { inject } from 'vitest';
import { waitUntilAnswering } from './start-server';

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
  if (!info.baseUrl) throw new Error(`no test FHIR server in this run: ${info.reason}`);
  return waitUntilAnswering(info.baseUrl, info.pid, timeoutMs, info.log);
}
