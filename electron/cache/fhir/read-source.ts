/**
 * Reads FHIR input files as a stream of items, each with where it came from: NDJSON (Bulk Data,
 * one resource per line, streamed) or a JSON Bundle / single resource. Parse errors become items
 * with a reason, so the importer can report them and go on.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { resolveBundleReferences } from './references';
import type { AnyResource } from './types';

export interface SourceItem {
  file: string;
  /** 1-based line in the file (NDJSON), or null inside a JSON document. */
  line: number | null;
  /** 1-based Bundle entry, for JSON Bundles. */
  entry?: number;
  /** The raw text when it is exactly the resource's JSON (NDJSON): stored as is. */
  raw?: string;
  value?: unknown;
  error?: string;
}

async function firstLineIsWholeJson(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const firstLine = buf.subarray(0, bytesRead).toString('utf8').trimStart().split('\n')[0] ?? '';
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/** NDJSON when the name says so, or when the file is not one JSON document. */
async function isNdjson(file: string): Promise<boolean> {
  if (/\.(ndjson|jsonl)$/i.test(file)) return true;
  if (/\.json$/i.test(file)) return false;
  return firstLineIsWholeJson(file);
}

async function* readNdjson(file: string): AsyncGenerator<SourceItem> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (!text.trim()) continue;
    try {
      yield { file, line, raw: text, value: JSON.parse(text) };
    } catch {
      yield { file, line, error: 'malformed JSON' };
    }
  }
}

function* readJsonDocument(file: string, text: string): Generator<SourceItem> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    yield { file, line: null, error: 'malformed JSON document' };
    return;
  }
  const bundle = doc as { resourceType?: unknown; entry?: unknown };
  if (bundle?.resourceType !== 'Bundle') {
    yield { file, line: null, value: doc };
    return;
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as { fullUrl?: unknown; resource?: unknown }[]) : [];
  const fullUrls = new Map<string, string>();
  for (const e of entries) {
    const r = e?.resource as { resourceType?: unknown; id?: unknown } | undefined;
    if (typeof e?.fullUrl === 'string' && typeof r?.resourceType === 'string' && typeof r.id === 'string') {
      fullUrls.set(e.fullUrl, `${r.resourceType}/${r.id}`);
    }
  }
  for (const [i, e] of entries.entries()) {
    const resource = e?.resource;
    if (!resource || typeof resource !== 'object') {
      yield { file, line: null, entry: i + 1, error: 'Bundle entry without a resource' };
      continue;
    }
    yield { file, line: null, entry: i + 1, value: resolveBundleReferences(resource as AnyResource, fullUrls) };
  }
}

export async function* readFhirFile(file: string): AsyncGenerator<SourceItem> {
  if (await isNdjson(file)) {
    yield* readNdjson(file);
  } else {
    yield* readJsonDocument(file, await fs.promises.readFile(file, 'utf8'));
  }
}

/** `file:line` (or `file#entry`) for reports; the file name is the operator's own input. */
export const itemLocation = (item: Pick<SourceItem, 'file' | 'line' | 'entry'>): string =>
  item.line !== null ? `${item.file}:${item.line}` : item.entry !== undefined ? `${item.file}#entry${item.entry}` : item.file;
