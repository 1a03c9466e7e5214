/**
 * Reads FHIR input files as a stream of items, each with where it came from: NDJSON (Bulk Data,
 * one resource per line, streamed, each line bounded in length: bounded-lines.ts) or a JSON Bundle / single resource. Parse errors become items
 * with a reason, so the importer can report them and go on.
 */
import fs from 'node:fs';
import { boundedLines, MAX_NDJSON_LINE_BYTES, tooLongReason, type BoundedLine } from './bounded-lines';
import { MAX_RESOURCE_DEPTH, nestsDeeperThan, tooDeepReason } from './depth';
import { resolveBundleReferences } from './references';
import type { AnyResource } from './resources';

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
  /** Nothing to import, and nothing wrong: what it was (a Bundle entry's DELETE or GET request, a response). */
  ignored?: string;
}

const BOM = /^\uFEFF/;

async function firstLineIsWholeJson(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const firstLine = buf.subarray(0, bytesRead).toString('utf8').replace(BOM, '').trimStart().split('\n')[0] ?? '';
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

async function* readNdjson(file: string, maxLineBytes: number): AsyncGenerator<SourceItem> {
  const stream = fs.createReadStream(file);
  try {
    yield* ndjsonItems(file, boundedLines(stream, maxLineBytes), maxLineBytes);
  } finally {
    stream.destroy();
  }
}

async function* ndjsonItems(file: string, lines: AsyncIterable<BoundedLine>, maxLineBytes: number): AsyncGenerator<SourceItem> {
  for await (const read of lines) {
    const { line } = read;
    if ('tooLong' in read) {
      yield { file, line, error: tooLongReason(maxLineBytes) };
      continue;
    }
    let text = read.text.replace(/\r$/, '');
    if (line === 1) text = text.replace(BOM, '');
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
  // Any JSON value may come: null, a number, an array, an object.
  const bundle = typeof doc === 'object' && doc !== null ? (doc as { resourceType?: unknown; entry?: unknown }) : null;
  if (bundle?.resourceType !== 'Bundle') {
    yield { file, line: null, value: doc };
    return;
  }
  // An entry that is not an object (null, a number) has no resource: undefined here.
  const entries: (BundleEntry | undefined)[] = Array.isArray(bundle.entry) ? bundle.entry.map(asBundleEntry) : [];
  const fullUrls = new Map<string, string>();
  const ids = entries.map((e) => entryId(e));
  for (const [i, e] of entries.entries()) {
    const r = e?.resource as { resourceType?: unknown } | undefined;
    const id = ids[i];
    if (typeof e?.fullUrl === 'string' && typeof r?.resourceType === 'string' && id) fullUrls.set(e.fullUrl, `${r.resourceType}/${id}`);
  }
  for (const [i, e] of entries.entries()) {
    const at = { file, line: null, entry: i + 1 };
    const resource = e?.resource;
    if (!resource || typeof resource !== 'object') {
      const what = withoutResource(e);
      yield what ? { ...at, ignored: what } : { ...at, error: 'Bundle entry without a resource' };
      continue;
    }
    if (nestsDeeperThan(resource, MAX_RESOURCE_DEPTH)) {
      yield { ...at, error: tooDeepReason() };
      continue;
    }
    const id = ids[i];
    // A transaction may POST a resource with no id: its urn:uuid fullUrl is its identity in the Bundle.
    const own = id && (resource as { id?: unknown }).id === undefined ? { ...(resource as AnyResource), id } : (resource as AnyResource);
    yield { ...at, value: resolveBundleReferences(own, fullUrls) };
  }
}

interface BundleEntry {
  fullUrl?: unknown;
  resource?: unknown;
  request?: { method?: unknown };
  response?: unknown;
}

const asBundleEntry = (v: unknown): BundleEntry | undefined => (typeof v === 'object' && v !== null ? v : undefined);

const UUID_URN = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The entry's resource id, or for a resource without one the id its fullUrl gives it (urn:uuid, or …/Type/id). */
function entryId(e: BundleEntry | undefined): string | null {
  const r = e?.resource as { resourceType?: unknown; id?: unknown } | undefined;
  if (typeof r?.id === 'string') return r.id;
  if (r?.id !== undefined || typeof e?.fullUrl !== 'string' || typeof r?.resourceType !== 'string') return null;
  const uuid = UUID_URN.exec(e.fullUrl)?.[1];
  if (uuid !== undefined) return uuid.toLowerCase();
  const tail = e.fullUrl.split('/');
  const [type, id] = tail.slice(-2);
  return type === r.resourceType && id && FHIR_ID.test(id) ? id : null;
}

/** An entry that is an instruction or an answer rather than data: a DELETE/GET/HEAD request, or a response. */
function withoutResource(e: BundleEntry | undefined): string | null {
  const method = e?.request?.method;
  if (typeof method === 'string' && /^(DELETE|GET|HEAD|PATCH)$/.test(method)) return `Bundle entry ${method} request`;
  if (e?.response && typeof e.response === 'object') return 'Bundle entry response';
  return null;
}

/** The items of one file; an NDJSON line longer than `maxLineBytes` (default 16 MiB) is an item with an error, not read. */
export async function* readFhirFile(file: string, options: { maxLineBytes?: number } = {}): AsyncGenerator<SourceItem> {
  if (await isNdjson(file)) {
    yield* readNdjson(file, options.maxLineBytes ?? MAX_NDJSON_LINE_BYTES);
  } else {
    yield* readJsonDocument(file, (await fs.promises.readFile(file, 'utf8')).replace(BOM, ''));
  }
}

/** `file:line` (or `file#entry`) for reports; the file name is the operator's own input. */
export const itemLocation = (item: Pick<SourceItem, 'file' | 'line' | 'entry'>): string =>
  item.line !== null ? `${item.file}:${item.line}` : item.entry !== undefined ? `${item.file}#entry${item.entry}` : item.file;
