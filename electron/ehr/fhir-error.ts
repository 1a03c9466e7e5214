/**
 * What can go wrong talking to the organisation's FHIR server, as coded errors. Messages are for developers and
 * never carry patient data: an OperationOutcome contributes its issue codes and severities, and HAPI's message
 * number when there is one, never its diagnostics text (servers echo search values and resource content there).
 */
import { CodedError, type ErrorCode } from '../../shared/errors';

/** One issue of an OperationOutcome, reduced to what is safe to log. */
export interface FhirIssue {
  severity: string;
  code: string;
  /** A server's own message number (e.g. HAPI's `HAPI-0550`), when its diagnostics start with one. */
  messageId?: string;
}

export class FhirError extends CodedError {
  constructor(
    code: ErrorCode,
    message: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
    readonly issues: FhirIssue[] = [],
    /** How long the server asked to be left alone (a 429 or 503 with `Retry-After`), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
    this.name = 'FhirError';
  }
}

/** The error code for an HTTP status the client does not treat as success. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 409 || status === 412) return 'ehrConflict';
  if (status === 401 || status === 403) return 'ehrUnauthorized';
  if (status === 404 || status === 410) return 'notFound';
  return 'ehrRefused';
}

/** The safe part of an OperationOutcome's issues (at most `max`). Anything not shaped like an issue is skipped. */
export function safeIssues(outcome: unknown, max = 10): FhirIssue[] {
  const issues = (outcome as { issue?: unknown } | null)?.issue;
  if (!Array.isArray(issues)) return [];
  const out: FhirIssue[] = [];
  for (const issue of issues.slice(0, max)) {
    if (typeof issue !== 'object' || issue === null) continue;
    const { severity, code, diagnostics } = issue as { severity?: unknown; code?: unknown; diagnostics?: unknown };
    const safe: FhirIssue = { severity: token(severity), code: token(code) };
    const id = typeof diagnostics === 'string' ? /^([A-Z]{2,10}-\d{1,6}):/.exec(diagnostics)?.[1] : undefined;
    if (id) safe.messageId = id;
    out.push(safe);
  }
  return out;
}

/** A FHIR code (letters, digits, dashes) or `unknown`: nothing else from the server reaches a message. */
const token = (value: unknown): string => (typeof value === 'string' && /^[a-z][a-z0-9-]{0,40}$/i.test(value) ? value : 'unknown');

export const describeIssues = (issues: FhirIssue[]): string =>
  issues.length ? ` (${issues.map((i) => `${i.severity}/${i.code}${i.messageId ? ` ${i.messageId}` : ''}`).join(', ')})` : '';

/** The longest `Retry-After` taken from a server (a larger one is read as this). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** A `Retry-After` header (delay-seconds or an HTTP-date) in milliseconds from `now`, bounded; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d{1,10}$/.test(value)
    ? Number(value) * 1000
    : /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)
      ? Date.parse(value) - now
      : NaN;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}
