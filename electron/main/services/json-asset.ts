/** Reads a data file from assets/ and validates it; a broken file is reported by path and reason. */
import fs from 'node:fs';
import type { z } from 'zod';

export function readJsonAsset<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${what} (${file}) cannot be read as JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${what} (${file}) is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
