/**
 * The only logger the main process uses. It never prints error messages or arguments, which may
 * carry PHI (a patient's name in a SQLite constraint message, a phone number in a URL): only fixed
 * text written by us, an error's class name and its code.
 */
function errorShape(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${typeof code === 'string' ? ` (${code})` : ''}`;
  }
  return typeof err;
}

export const safeLog = {
  info(message: string): void {
    console.log(`[carefront] ${message}`);
  },
  warn(message: string, err?: unknown): void {
    console.warn(`[carefront] ${message}${err === undefined ? '' : `: ${errorShape(err)}`}`);
  },
  error(message: string, err?: unknown): void {
    console.error(`[carefront] ${message}${err === undefined ? '' : `: ${errorShape(err)}`}`);
  },
};
