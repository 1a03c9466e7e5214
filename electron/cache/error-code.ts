/**
 * The code an error carries: SQLite's (`SQLITE_FULL`), the file system's (`ENOSPC`), a CodedError's.
 * Undefined when it carries none (or one that is neither text nor a number). Codes, never messages.
 */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}
