/** The code of the error a command printed on stderr as JSON (`{ ok: false, error: { code, message } }`). */
export function cliErrorCode(stderr: string): string {
  return (JSON.parse(stderr) as { error: { code: string } }).error.code;
}
