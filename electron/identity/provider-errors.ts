/**
 * What a failure talking to the identity provider means for the desk, as a coded error that carries no
 * token, code or claim: the provider could not be reached or is down for now (`signInUnreachable`: no answer,
 * a time-out, a 5xx), or it answered and the answer was a refusal or did not pass the checks (`signInRefused`).
 * Coded errors pass through unchanged.
 */
import { AuthorizationResponseError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { CodedError } from '../../shared/errors';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether the error (or one it was caused by) is the network failing, a request timing out, or the provider
 * answering with a server error (5xx: down or overloaded for now, not a refusal).
 */
function isNetworkFailure(err: unknown): boolean {
  if (err instanceof ResponseBodyError && err.status >= 500) return true;
  if (err instanceof Error && err.cause instanceof Response && err.cause.status >= 500) return true;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e instanceof TypeError && e.message === 'fetch failed') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  }
  return false;
}

/** The coded error for a failed step (`what`: e.g. "discovery", "the code exchange"). */
export function providerFailure(err: unknown, what: string): CodedError {
  if (err instanceof CodedError) return err;
  if (isNetworkFailure(err)) return new CodedError('signInUnreachable', `the identity provider could not be reached for ${what}`);
  if (err instanceof AuthorizationResponseError || err instanceof ResponseBodyError) {
    return new CodedError('signInRefused', `the identity provider refused ${what}: ${err.error}`);
  }
  if (err instanceof WWWAuthenticateChallengeError) return new CodedError('signInRefused', `the identity provider refused ${what}`);
  const code = (err as { code?: unknown }).code;
  return new CodedError('signInRefused', `${what} did not pass its checks${typeof code === 'string' ? ` (${code})` : ''}`);
}
