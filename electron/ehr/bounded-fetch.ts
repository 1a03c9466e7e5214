/**
 * One HTTP exchange with the EHR's authorization side, bounded: a time limit for the whole exchange,
 * a size limit for the answer, and redirects refused (a client assertion is never re-sent elsewhere).
 * Failures are coded: `ehrAuthUnreachable` (network, time-out), `ehrAuthBadResponse` (too big, redirected).
 */
import { CodedError } from '../../shared/errors';
import { readBodyBounded } from './bounded-body';

export interface BoundedAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface BoundedFetchOptions {
  /** Names the endpoint in messages ("the token endpoint"). */
  what: string;
  timeoutMs: number;
  maxBytes: number;
}

/** The system error code under a fetch failure (ECONNREFUSED, ENOTFOUND, …) or the error's class name. */
function failureKind(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(cause.code)) return cause.code;
  return err instanceof Error ? err.name : 'failed';
}

const readBounded = (response: Response, o: BoundedFetchOptions): Promise<string> =>
  readBodyBounded(response, o.maxBytes, () => new CodedError('ehrAuthBadResponse', `${o.what} answered with more than ${o.maxBytes} bytes`));

export async function boundedFetch(url: string, init: RequestInit, o: BoundedFetchOptions): Promise<BoundedAnswer> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new CodedError('ehrAuthBadResponse', `${o.what} answered with a redirect (${response.status}); configure its final URL`);
    }
    const body = await readBounded(response, o);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
  } catch (err) {
    if (err instanceof CodedError) throw err;
    throw new CodedError('ehrAuthUnreachable', `${o.what} could not be reached (${failureKind(err)})`);
  }
}
