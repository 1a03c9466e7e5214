/** CLI output: results to stdout (plain or --json), errors to stderr without PHI, exit codes. */
import { CodedError } from '../../../shared/errors';
import { storeError } from '../store-errors';

export class UsageError extends Error {}

export const EXIT = { ok: 0, failed: 1, usage: 64, partial: 2 } as const;

export function printResult(json: boolean, value: unknown, plain: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${plain()}\n`);
}

/** Prints an error as `carefront-admin: <code>: <message>` (or JSON on --json) and returns the exit code. */
export function reportError(thrown: unknown, json: boolean): number {
  const err = storeError(thrown) ?? thrown;
  const coded =
    err instanceof CodedError
      ? { code: err.code, message: err.message }
      : err instanceof UsageError
        ? { code: 'invalidArgument', message: err.message }
        : { code: 'internal', message: 'unexpected failure' };
  process.stderr.write(json ? `${JSON.stringify({ ok: false, error: coded })}\n` : `carefront-admin: ${coded.code}: ${coded.message}\n`);
  if (!(err instanceof CodedError) && !(err instanceof UsageError) && err instanceof Error) process.stderr.write(`(${err.name})\n`);
  return err instanceof UsageError ? EXIT.usage : EXIT.failed;
}
