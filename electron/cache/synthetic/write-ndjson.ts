/** Streams resources to an NDJSON file in large chunks (never the whole data set in memory). */
import fs from 'node:fs';

export function writeNdjson(file: string, resources: Iterable<unknown>): number {
  const fd = fs.openSync(file, 'w', 0o600);
  let count = 0;
  let chunk: string[] = [];
  let size = 0;
  try {
    for (const r of resources) {
      const line = `${JSON.stringify(r)}\n`;
      chunk.push(line);
      size += line.length;
      count += 1;
      if (size > 1 << 20) {
        fs.writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join(''));
  } finally {
    fs.closeSync(fd);
  }
  return count;
}
