/**
 * The FHIR Bulk Data `$export` protocol (Bulk Data Access IG 2.0), client side: the kick-off
 * (`Prefer: respond-async`), the status polls (honouring `Retry-After`, seconds or an HTTP date, up
 * to a cap; reporting the server's `X-Progress`), the manifest (checked), and each NDJSON output file
 * read as a stream, one line at a time, with a bound on the line length: memory stays bounded
 * whatever the size of the file. Errors are FhirErrors with the client's codes; nothing of a body
 * reaches a message.
 */
import { boundedLines, MAX_NDJSON_LINE_BYTES, tooLongReason } from '../cache/fhir/bounded-lines';
import { FhirError, retryAfterMs } from './fhir-error';
import { checkBaseUrl, unreachable } from './fhir-client';
import { readBounded, throwForStatus } from './fhir-response';

export interface BulkExportClientOptions {
  /** The server's FHIR base (as for the FHIR client). */
  baseUrl: string;
  /** The Authorization header value, or null to send none. */
  authorize?: () => Promise<string | null>;
  /** Drops a refused token: a 401 to a request that carried one is sent once more with a fresh token (as the FHIR client). */
  invalidate?: (refused: string) => void;
  /** Per request (a kick-off, a poll, the start of a download). Default 30 s. */
  timeoutMs?: number;
  /** No data for this long while reading a file aborts it. Default 60 s. */
  idleTimeoutMs?: number;
  /** The longest wait between polls, whatever `Retry-After` asks. Default 120 s. */
  maxWaitMs?: number;
  /** The wait when the server gives no `Retry-After` (doubling up to the cap). Default 1 s. */
  initialWaitMs?: number;
  /** The longest NDJSON line accepted (a longer one is skipped and reported). Default 16 MiB. */
  maxLineBytes?: number;
}

export interface ExportRequest {
  /** The resource types to export (`_type`). */
  types: readonly string[];
  /** System-level (`/$export`, default) or all patients (`/Patient/$export`). */
  level?: 'system' | 'patient';
  /** Only resources changed since this instant (`_since`). */
  since?: string;
}

export interface ExportFile {
  type: string;
  url: string;
  count?: number;
}

export interface ExportManifest {
  /** The server instant the export reflects: changes after it are for the incremental sync. */
  transactionTime: string;
  requiresAccessToken: boolean;
  output: ExportFile[];
  /** OperationOutcome files the server wrote (their content is not read: it may name patients). */
  errorFiles: number;
}

export type ExportStatus = { state: 'in-progress'; waitMs: number; progress: string | null } | { state: 'complete'; manifest: ExportManifest };

/** One NDJSON line: its parsed value and its text (the JSON as the server sent it), or why it could not be read. */
export type NdjsonLine = { line: number; value: unknown; text: string } | { line: number; error: string };

const FHIR_JSON = 'application/fhir+json';
const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_OUTPUT_FILES = 10_000;

/** `Retry-After` in milliseconds (delay-seconds or an HTTP date, bounded: fhir-error's `retryAfterMs`), or null when absent or not understood. */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | null => retryAfterMs(value, now) ?? null;

/** The server's `X-Progress`, kept short and printable (it is shown, never trusted). */
const progressText = (value: string | null): string | null => (value ? value.replace(/[^\x20-\x7e]/g, '').slice(0, 200) || null : null);

export class BulkExportClient {
  readonly baseUrl: string;
  private readonly authorize: () => Promise<string | null>;
  private readonly invalidate: ((refused: string) => void) | undefined;
  private readonly timeoutMs: number;
  private readonly idleTimeoutMs: number;
  readonly maxWaitMs: number;
  private readonly initialWaitMs: number;
  private readonly maxLineBytes: number;

  constructor(options: BulkExportClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.authorize = options.authorize ?? (() => Promise.resolve(null));
    this.invalidate = options.invalidate;
    this.timeoutMs = positive(options.timeoutMs ?? 30_000, 'timeoutMs');
    this.idleTimeoutMs = positive(options.idleTimeoutMs ?? 60_000, 'idleTimeoutMs');
    this.maxWaitMs = positive(options.maxWaitMs ?? 120_000, 'maxWaitMs');
    this.initialWaitMs = positive(options.initialWaitMs ?? 1000, 'initialWaitMs');
    this.maxLineBytes = positive(options.maxLineBytes ?? MAX_NDJSON_LINE_BYTES, 'maxLineBytes');
  }

  /** Starts an export; returns its status URL (the `Content-Location`). */
  async kickOff(request: ExportRequest): Promise<string> {
    const what = 'start the bulk export';
    if (request.types.length === 0 || !request.types.every((t) => TYPE.test(t)))
      throw new FhirError('invalidArgument', `${what}: the resource types are not FHIR types`);
    const query = new URLSearchParams({ _type: request.types.join(',') });
    if (request.since !== undefined) query.set('_since', request.since);
    const path = request.level === 'patient' ? 'Patient/$export' : '$export';
    const res = await this.send('GET', `${this.baseUrl}/${path}?${query.toString()}`, what, { Accept: FHIR_JSON, Prefer: 'respond-async' });
    if (res.status !== 202) {
      if (res.status >= 200 && res.status < 300) {
        await res.body?.cancel().catch(() => undefined);
        throw new FhirError('ehrBadResponse', `${what}: the server answered ${res.status} instead of 202 Accepted`, res.status);
      }
      return throwForStatus(res, 1024 * 1024, what);
    }
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get('content-location');
    if (!location || !this.onServer(location)) throw new FhirError('ehrBadResponse', `${what}: the server gave no status URL on this server`, res.status);
    return location;
  }

  /** One poll of the status URL. */
  async status(statusUrl: string, waitedMs = 0): Promise<ExportStatus> {
    const what = 'poll the bulk export';
    if (!this.onServer(statusUrl)) throw new FhirError('invalidArgument', `${what}: the status URL is not on the server`);
    const res = await this.send('GET', statusUrl, what, { Accept: 'application/json' });
    // Still being built (202), or the server asks to be left alone for a while (429, 503): wait as it says.
    if (res.status === 202 || res.status === 429 || res.status === 503) {
      await res.body?.cancel().catch(() => undefined);
      const asked = parseRetryAfter(res.headers.get('retry-after'));
      const fallback = Math.min(this.maxWaitMs, Math.max(this.initialWaitMs, waitedMs * 2));
      return { state: 'in-progress', waitMs: Math.min(this.maxWaitMs, asked ?? fallback), progress: progressText(res.headers.get('x-progress')) };
    }
    if (res.status !== 200) return throwForStatus(res, 1024 * 1024, what);
    return { state: 'complete', manifest: await this.readManifest(res, what) };
  }

  /** Polls until the manifest is ready, waiting between polls as the server asks (within the cap). */
  async waitForManifest(
    statusUrl: string,
    o: { onProgress?: (progress: string | null, waitMs: number) => void; signal?: AbortSignal } = {},
  ): Promise<ExportManifest> {
    let waited = 0;
    for (;;) {
      o.signal?.throwIfAborted();
      const s = await this.status(statusUrl, waited);
      if (s.state === 'complete') return s.manifest;
      o.onProgress?.(s.progress, s.waitMs);
      await sleep(s.waitMs, o.signal);
      waited = s.waitMs;
    }
  }

  /** Asks the server to drop a finished or unwanted export (its files). Best effort. */
  async cancel(statusUrl: string): Promise<void> {
    if (!this.onServer(statusUrl)) return;
    try {
      const res = await this.send('DELETE', statusUrl, 'delete the bulk export', { Accept: FHIR_JSON });
      await res.body?.cancel().catch(() => undefined);
    } catch {
      // The export expires on the server anyway.
    }
  }

  /**
   * The lines of one output file, read as they arrive. A line longer than the bound is skipped (with
   * an error) without being held; blank lines are skipped.
   */
  async *readNdjson(file: ExportFile, requiresAccessToken: boolean, signal?: AbortSignal): AsyncGenerator<NdjsonLine> {
    const what = `download a ${file.type} export file`;
    const sameServer = this.onServer(file.url);
    if (!sameServer && !isSafeUrl(file.url)) throw new FhirError('ehrBadResponse', `${what}: the file URL is not https`);
    const idle = new AbortController();
    const stop = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    // The token only goes to this server: a file elsewhere is fetched without it.
    const res = await this.send('GET', file.url, what, { Accept: 'application/fhir+ndjson' }, requiresAccessToken && sameServer, stop);
    if (res.status !== 200) await throwForStatus(res, 1024 * 1024, what);
    if (!res.body) return;
    const reader = res.body.getReader();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle.abort(new FhirError('ehrUnreachable', `${what}: no data for ${this.idleTimeoutMs} ms`));
      }, this.idleTimeoutMs);
    };
    /** The body's chunks as they arrive, each awaited under the idle timer. */
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (;;) {
        arm();
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          if (signal?.aborted) throw signal.reason;
          if (idle.signal.aborted) throw idle.signal.reason;
          throw new FhirError('ehrUnreachable', `${what}: the download stopped (${err instanceof Error ? err.name : 'error'})`);
        }
        if (chunk.done) return;
        yield chunk.value;
      }
    }
    let line = 0;
    try {
      for await (const read of boundedLines(chunks(), this.maxLineBytes)) {
        if ('tooLong' in read) {
          line += 1;
          yield { line, error: tooLongReason(this.maxLineBytes) };
          continue;
        }
        if (!read.text.trim()) continue;
        line += 1;
        const text = read.text.endsWith('\r') ? read.text.slice(0, -1) : read.text;
        try {
          yield { line, value: JSON.parse(text) as unknown, text };
        } catch {
          yield { line, error: 'not valid JSON' };
        }
      }
    } finally {
      clearTimeout(timer);
      await reader.cancel().catch(() => undefined);
    }
  }

  private async readManifest(res: Response, what: string): Promise<ExportManifest> {
    // The manifest is plain JSON (no resourceType): read bounded, then checked field by field.
    const type = res.headers.get('content-type') ?? '';
    if (!/^application\/(fhir\+)?json\s*(;|$)/i.test(type)) {
      await res.body?.cancel().catch(() => undefined);
      throw new FhirError('ehrBadResponse', `${what}: the manifest is not JSON`, res.status);
    }
    const text = await readBounded(res, MAX_MANIFEST_BYTES, what);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new FhirError('ehrBadResponse', `${what}: the manifest is not valid JSON`, res.status);
    }
    return checkManifest(body, what, res.status);
  }

  private async send(
    method: 'GET' | 'DELETE',
    url: string,
    what: string,
    headers: Record<string, string>,
    withToken = true,
    signal?: AbortSignal,
  ): Promise<Response> {
    const authorization = withToken ? await this.authorize() : null;
    const res = await this.sendOnce(method, url, what, authorization === null ? headers : { ...headers, Authorization: authorization }, signal);
    if (res.status !== 401 || authorization === null || !this.invalidate) return res;
    // The token was refused (revoked, or expired early): dropped, and the request sent once more with a fresh one.
    await res.body?.cancel().catch(() => undefined);
    this.invalidate(authorization);
    const fresh = await this.authorize();
    return this.sendOnce(method, url, what, fresh === null ? headers : { ...headers, Authorization: fresh }, signal);
  }

  private async sendOnce(method: 'GET' | 'DELETE', url: string, what: string, all: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    // The time limit covers getting the answer's headers; a download is then bounded by its idle timer,
    // and `signal` (the caller's, the idle timer's) stays linked to the body while it is read.
    const headersDue = new AbortController();
    const timer = setTimeout(() => {
      headersDue.abort(new DOMException('timed out', 'TimeoutError'));
    }, this.timeoutMs);
    const fetchSignal = signal ? AbortSignal.any([signal, headersDue.signal]) : headersDue.signal;
    try {
      const res = await fetch(url, { method, headers: all, signal: fetchSignal, redirect: 'manual' });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel().catch(() => undefined);
        throw new FhirError('ehrBadResponse', `${what}: the server answered with a redirect (${res.status})`, res.status);
      }
      return res;
    } catch (err) {
      if (err instanceof FhirError) throw err;
      if (signal?.aborted) throw signal.reason;
      throw unreachable(err, what, this.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }

  private onServer(link: string): boolean {
    try {
      const url = new URL(link);
      const base = new URL(`${this.baseUrl}/`);
      return url.origin === base.origin && (url.pathname + '/').startsWith(base.pathname);
    } catch {
      return false;
    }
  }
}

function checkManifest(body: unknown, what: string, status: number): ExportManifest {
  const bad = (field: string): never => {
    throw new FhirError('ehrBadResponse', `${what}: the manifest's ${field} is missing or not valid`, status);
  };
  const m = body as { transactionTime?: unknown; requiresAccessToken?: unknown; output?: unknown; error?: unknown } | null;
  if (!m || typeof m !== 'object') return bad('body');
  if (typeof m.transactionTime !== 'string' || Number.isNaN(Date.parse(m.transactionTime))) bad('transactionTime');
  if (m.requiresAccessToken !== undefined && typeof m.requiresAccessToken !== 'boolean') bad('requiresAccessToken');
  if (!Array.isArray(m.output) || m.output.length > MAX_OUTPUT_FILES) return bad('output');
  const output = m.output.map((f: unknown): ExportFile => {
    const file = f as { type?: unknown; url?: unknown; count?: unknown } | null;
    if (!file || typeof file.type !== 'string' || !TYPE.test(file.type)) return bad('output type');
    if (typeof file.url !== 'string' || !isHttpUrl(file.url)) return bad('output url');
    const out: ExportFile = { type: file.type, url: file.url };
    if (typeof file.count === 'number' && Number.isInteger(file.count) && file.count >= 0) out.count = file.count;
    return out;
  });
  const errorFiles = Array.isArray(m.error) ? m.error.length : 0;
  return { transactionTime: m.transactionTime as string, requiresAccessToken: m.requiresAccessToken === true, output, errorFiles };
}

const isHttpUrl = (raw: string): boolean => {
  try {
    const u = new URL(raw);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
};

const isSafeUrl = (raw: string): boolean => {
  const u = new URL(raw);
  return u.protocol === 'https:' || ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
};

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new FhirError('invalidArgument', `${name} must be a positive whole number`);
  return n;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why `signal` aborted, as an Error: AbortController.abort() gives one (a DOMException); any other reason is wrapped. */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
}
