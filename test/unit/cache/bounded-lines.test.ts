import { describe, expect, it } from 'vitest';
import { boundedLines, type BoundedLine } from '../../../electron/cache/fhir/bounded-lines';

const bytes = (s: string) => new TextEncoder().encode(s);
async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  // Each chunk arrives on a later turn, as from a network stream.
  for (const p of parts) yield await Promise.resolve(typeof p === 'string' ? bytes(p) : p);
}
async function all(lines: AsyncIterable<BoundedLine>): Promise<BoundedLine[]> {
  const out: BoundedLine[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

describe('bounded NDJSON lines', () => {
  it('splits on LF across chunks, keeps a last line without LF, numbers blank lines, joins a character split between chunks', async () => {
    const e = bytes('é');
    const lines = await all(boundedLines(chunksOf('{"a":1}\n{"b"', ':2}\r\n\n', e.subarray(0, 1), e.subarray(1), '\n{"c":3}')));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}\r' },
      { line: 3, text: '' },
      { line: 4, text: 'é' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('takes a line of exactly the bound; reports a longer one (also the last, unterminated one) and goes on with the next', async () => {
    const lines = await all(boundedLines(chunksOf('12345\n123456\nok\n1234', '567'), 5));
    expect(lines).toEqual([
      { line: 1, text: '12345' },
      { line: 2, tooLong: true },
      { line: 3, text: 'ok' },
      { line: 4, tooLong: true },
    ]);
  });

  it('reports a huge line as soon as it passes the bound, without reading the rest of it first', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x61); // 'a', no newline
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += 1;
        yield await Promise.resolve(chunk);
      }
    }
    const reader = boundedLines(endless(), 1024 * 1024);
    const first = await reader.next();
    expect(first.value).toEqual({ line: 1, tooLong: true });
    // 1 MiB bound, 64 KiB chunks: reported at the 17th chunk, not after reading the (endless) line.
    expect(pulled).toBe(17);
    await reader.return(undefined);
  });

  it('refuses a bound that is not a positive whole number', async () => {
    await expect(all(boundedLines(chunksOf('x'), 0))).rejects.toThrow(/maxLineBytes/);
  });
});
