/**
 * Error codes that cross the IPC boundary. Errors travel as data ({ ok: false, error }), never as
 * thrown exceptions; the renderer shows the translated message for the code (locales: `errors.<code>`).
 * One place for every code: add here, then add the English (and every other) translation.
 */
export const ERROR_CODES = [
  'invalidArgument',
  'unknownChannel',
  'internal',
  'notFound',
  'cacheWrongKey',
  'cacheMissingKey',
  'cacheNotADatabase',
  'cacheLocked',
  'importInvalid',
  'phoneOffline',
  'phoneInvalidNumber',
  'phoneInvalidSettings',
  'notVerified',
  'forbidden',
  'noCallerCall',
  'phoneRefused',
  'mediaFailed',
  'agentNeedsPhone',
  'cacheEmptyFile',
  'cacheKeyUnreadable',
  'cacheDiskFull',
  'cacheIoError',
  'cacheInUse',
  'cacheAuditKeyMissing',
  'ehrSettingsInvalid',
  'ehrAuthClientRejected',
  'ehrAuthRefused',
  'ehrAuthUnreachable',
  'ehrAuthBadResponse',
  'ehrUnreachable',
  'ehrConflict',
  'ehrUnauthorized',
  'ehrRefused',
  'ehrBadResponse',
  'ehrNotLoaded',
  'ehrNotConfigured',
  'identitySettingsInvalid',
  'signInUnreachable',
  'signInRefused',
  'signInTimedOut',
  'signInCancelled',
  'signInRequired',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CarefrontError {
  code: ErrorCode;
  /** English, developer-facing detail. Never contains PHI. The UI shows the translated code. */
  message: string;
  /** Optional structured detail, e.g. the validation issues (paths and messages, no values). */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CarefrontError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: CarefrontError['issues']): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/** An error a main-process service throws to have it reported to the renderer with its code. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** An error's code: a CodedError's own, anything else `internal` (never its message). */
export const codeOf = (err: unknown): ErrorCode => (err instanceof CodedError ? err.code : 'internal');
