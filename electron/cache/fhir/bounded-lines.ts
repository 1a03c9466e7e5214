/**
 * NDJSON lines from a stream of bytes, with a bound on each line's length: a line longer than `maxLineBytes` is
 * reported (`tooLong`) as soon as it passes the bound and the rest of it is skipped as it arrives, never held, so
 * memory stays within one line's bound and one chunk whatever the input. Used for local files (the importer) and
 * Bulk Data export files (the first load). Lines are split on LF; a CR before it is kept (JSON ignores it).
 */

/** The longest NDJSON line read by default: far above any one FHIR resource the desk keeps. */
export const MAX_NDJSON_LINE_BYTES = 16 * 1024 * 1024;

export type BoundedLine = { line: number; text: string } | { line: number; tooLong: true };

export const tooLongReason = (maxLineBytes: number): string => `a line longer than ${maxLineBytes} bytes (not read)`;

export async function* boundedLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes = MAX_NDJSON_LINE_BYTES): AsyncGenerator<BoundedLine> {
  if (!Number.isInteger(maxLineBytes) || maxLineBytes <= 0) throw new RangeError('maxLineBytes must be a positive whole number');
  const decoder = new TextDecoder('utf-8');
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let line = 0;
  const take = (): string => {
    const whole = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return decoder.decode(whole);
  };
  for await (const bytes of chunks) {
    let start = 0;
    for (let nl = bytes.indexOf(0x0a, start); start <= bytes.length; nl = bytes.indexOf(0x0a, start)) {
      const end = nl === -1 ? bytes.length : nl;
      const piece = bytes.subarray(start, end);
      if (!skipping && piece.length > 0) {
        if (pendingBytes + piece.length > maxLineBytes) {
          // Reported now, and the rest of the line is dropped as it comes.
          line += 1;
          skipping = true;
          pending = [];
          pendingBytes = 0;
          yield { line, tooLong: true };
        } else {
          // Copied: the chunk's buffer may be reused by the stream.
          pending.push(Uint8Array.from(piece));
          pendingBytes += piece.length;
        }
      }
      if (nl === -1) break;
      start = nl + 1;
      if (skipping) {
        skipping = false;
        continue;
      }
      line += 1;
      yield { line, text: take() };
    }
  }
  if (!skipping && pendingBytes > 0) {
    line += 1;
    yield { line, text: take() };
  }
}
