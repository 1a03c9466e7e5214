/**
 * A small FHIR R4 REST client over fetch: read, search (following `next` links, bounded), conditional create
 * (`If-None-Exist`), versioned update (`If-Match`), delete and history. Every answer is checked (status, content
 * type, size, JSON, resourceType); failures are FhirErrors with a code: `ehrConflict` (409/412, a business answer
 * for the agent, not a retry), `ehrUnreachable` (network, timeout), `ehrUnauthorized` (401/403), `notFound`
 * (404/410), `ehrRefused` (any other refusal, with the OperationOutcome's issue codes), `ehrBadResponse` (not FHIR,
 * too large, a link off the server). Authorization comes from the optional `authorize` function (SMART Backend
 * Services lives elsewhere); with `invalidate` too, a 401 drops the token and the request is sent once more with a
 * fresh one. The client never follows a link or redirect that leaves the configured base URL.
 */
import type { Bundle, BundleEntry, CapabilityStatement, FhirResource } from 'fhir/r4';
import { FhirError } from './fhir-error';
import { expectResource, readFhirJson, throwForStatus } from './fhir-response';
import { isRecord, recordsIn } from './untrusted-json';

export interface FhirClientOptions {
  /** The server's FHIR base, e.g. `https://ehr.example.org/fhir`. Plain http only on loopback. */
  baseUrl: string;
  /** The Authorization header value for each request (e.g. `Bearer …`), or null to send none. */
  authorize?: () => Promise<string | null>;
  /**
   * Drops a refused token (the authorizer's `invalidate`). Given, a 401 answer to a request that carried a token makes
   * the client drop it, get a fresh one and send the request once more.
   */
  invalidate?: (refused: string) => void;
  /** Per request, including reading the answer. Default 20 s. */
  timeoutMs?: number;
  /** The largest answer accepted. Default 32 MiB. */
  maxResponseBytes?: number;
}

export interface SearchOptions {
  /** Pages fetched at most (the first included). Default 20. */
  maxPages?: number;
  /** Matched resources kept at most. Default 5000. */
  maxResources?: number;
}

export interface SearchResult<T extends FhirResource = FhirResource> {
  /** The matches (`search.mode` match or unset), in the server's order. */
  resources: T[];
  /** Resources the server added with `_include`/`_revinclude`. */
  included: FhirResource[];
  /** The server's `total`, when it gave one. */
  total?: number;
  pages: number;
  /** False when a bound stopped the walk before the last page. */
  complete: boolean;
}

export interface WriteResult<T extends FhirResource = FhirResource> {
  resource: T;
  /** For a conditional create: false when a matching resource already existed (nothing was written). */
  created: boolean;
  versionId: string;
}

export interface HistoryEntry {
  resourceType: string;
  id: string;
  versionId?: string;
  /** The interaction that made this version (POST, PUT, PATCH, DELETE). */
  method: string;
  lastUpdated?: string;
  /** Absent for a deletion. */
  resource?: FhirResource;
}

export interface HistoryOptions extends SearchOptions {
  /** Only versions made at or after this instant (`_since`). */
  since?: string;
}

type Params = Record<string, string | number | readonly (string | number)[]> | URLSearchParams;

const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const HEADER_VALUE = /^[\x20-\x7e]{1,2048}$/;
const FHIR_JSON = 'application/fhir+json';

export class FhirClient {
  readonly baseUrl: string;
  private readonly authorize: () => Promise<string | null>;
  private readonly invalidate: ((refused: string) => void) | undefined;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: FhirClientOptions) {
    this.baseUrl = checkBaseUrl(options.baseUrl);
    this.authorize = options.authorize ?? (() => Promise.resolve(null));
    this.invalidate = options.invalidate;
    this.timeoutMs = positive(options.timeoutMs ?? 20_000, 'timeoutMs');
    this.maxBytes = positive(options.maxResponseBytes ?? 32 * 1024 * 1024, 'maxResponseBytes');
  }

  /** The server's CapabilityStatement. */
  async capabilities(): Promise<CapabilityStatement> {
    const { body, status } = await this.request('GET', `${this.baseUrl}/metadata`, 'read the capability statement');
    return expectResource<CapabilityStatement>(body, ['CapabilityStatement'], 'read the capability statement', status);
  }

  async read<T extends FhirResource = FhirResource>(type: T['resourceType'], id: string): Promise<T> {
    const what = `read ${checkType(type)}`;
    const { body, status } = await this.request('GET', `${this.baseUrl}/${type}/${checkId(id)}`, what);
    return expectResource<T>(body, [type], what, status);
  }

  /** A search of one resource type, following `next` links within the bounds. */
  async search<T extends FhirResource = FhirResource>(type: T['resourceType'], params: Params = {}, options: SearchOptions = {}): Promise<SearchResult<T>> {
    const query = toQuery(params);
    const first = `${this.baseUrl}/${checkType(type)}${query ? `?${query}` : ''}`;
    return this.walkBundles<T>(first, `search ${type}`, 'searchset', options, (entry) => (entry.resource?.resourceType === type ? 'match' : 'include'));
  }

  /** Creates `resource` unless a resource matches `ifNoneExist` (a search query, e.g. `identifier=sys|value`). */
  async createIfNoneExist<T extends FhirResource>(resource: T, ifNoneExist: string): Promise<WriteResult<T>> {
    const type = checkType(resource.resourceType);
    const what = `create ${type}`;
    if (!HEADER_VALUE.test(ifNoneExist)) throw new FhirError('invalidArgument', `${what}: the If-None-Exist query must be one line of printable ASCII`);
    const { body, status, headers } = await this.request('POST', `${this.baseUrl}/${type}`, what, resource, { 'If-None-Exist': ifNoneExist });
    const written = body ? expectResource<T>(body, [type], what, status) : await this.readLocation<T>(headers, type, what);
    return { resource: written, created: status === 201, versionId: versionOf(written, headers, what, status) };
  }

  /** Replaces `resource` (which has an id) only if the server still holds `expectedVersion`: else `ehrConflict`. */
  async update<T extends FhirResource>(resource: T, expectedVersion: string): Promise<WriteResult<T>> {
    const type = checkType(resource.resourceType);
    const what = `update ${type}`;
    const id = checkId(resource.id ?? '');
    if (!ID.test(expectedVersion)) throw new FhirError('invalidArgument', `${what}: the expected version is not a FHIR id`);
    const { body, status, headers } = await this.request('PUT', `${this.baseUrl}/${type}/${id}`, what, resource, { 'If-Match': `W/"${expectedVersion}"` });
    const written = body ? expectResource<T>(body, [type], what, status) : await this.readLocation<T>(headers, type, what);
    return { resource: written, created: status === 201, versionId: versionOf(written, headers, what, status) };
  }

  async delete(type: string, id: string): Promise<void> {
    await this.request('DELETE', `${this.baseUrl}/${checkType(type)}/${checkId(id)}`, `delete ${type}`);
  }

  /** Sends a `transaction` or `batch` Bundle to the server's base; the answer is its `-response` Bundle. */
  async transaction(bundle: Bundle): Promise<Bundle> {
    const what = `send a ${bundle.type === 'batch' ? 'batch' : 'transaction'}`;
    if (bundle.type !== 'transaction' && bundle.type !== 'batch') {
      throw new FhirError('invalidArgument', 'a transaction or batch Bundle is required');
    }
    const { body, status } = await this.request('POST', this.baseUrl, what, bundle);
    const answer = expectResource<Bundle>(body, ['Bundle'], what, status);
    if (answer.type !== `${bundle.type}-response`) throw new FhirError('ehrBadResponse', `${what}: expected a ${bundle.type}-response Bundle`, status);
    return answer;
  }

  /** Versions of one resource (type and id), of a type (type only), or of the whole server (neither), newest first. */
  async history(target: { type?: string; id?: string }, options: HistoryOptions = {}): Promise<{ entries: HistoryEntry[]; pages: number; complete: boolean }> {
    if (target.id !== undefined && target.type === undefined) throw new FhirError('invalidArgument', 'history: an id needs its resource type');
    const path = [target.type && checkType(target.type), target.id !== undefined && checkId(target.id), '_history'].filter(Boolean).join('/');
    const query = options.since ? toQuery({ _since: options.since }) : '';
    const walked = await this.walkBundles(`${this.baseUrl}/${path}${query ? `?${query}` : ''}`, 'read history', 'history', options, () => 'match');
    const entries = walked.entries.map((entry) => historyEntry(entry));
    return { entries, pages: walked.pages, complete: walked.complete };
  }

  /**
   * The server's history since an instant (`_history?_since=`), one page at a time as it is read (memory stays one
   * page whatever the number of changes), following `next` links on this server, at most `maxPages` pages.
   */
  async *historyPages(options: { since: string; pageSize?: number; maxPages?: number }): AsyncGenerator<HistoryEntry[]> {
    const maxPages = positive(options.maxPages ?? 10_000, 'maxPages');
    const query = toQuery({ _since: options.since, ...(options.pageSize ? { _count: positive(options.pageSize, 'pageSize') } : {}) });
    let url: string | undefined = `${this.baseUrl}/_history?${query}`;
    for (let pages = 0; url && pages < maxPages; pages += 1) {
      const { body, status } = await this.request('GET', url, 'read history');
      const bundle = expectResource<Bundle>(body, ['Bundle'], 'read history', status);
      if (bundle.type !== 'history')
        throw new FhirError('ehrBadResponse', `read history: expected a history Bundle, the server sent ${shown(bundle.type)}`, status);
      if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
        throw new FhirError('ehrBadResponse', "read history: the Bundle's entry is not a list", status);
      yield (bundle.entry ?? []).map((entry) => {
        const sent: unknown = entry;
        if (!isRecord(sent)) throw new FhirError('ehrBadResponse', 'read history: a Bundle entry is not an object', status);
        return historyEntry(entry);
      });
      url = this.nextLink(bundle, 'read history', status);
    }
    if (url) throw new FhirError('ehrBadResponse', `read history: more than ${maxPages} pages`);
  }

  // --- the walk over pages -------------------------------------------------------------------------------------

  private async walkBundles<T extends FhirResource>(
    first: string,
    what: string,
    bundleType: Bundle['type'],
    options: SearchOptions,
    kind: (entry: BundleEntry) => 'match' | 'include',
  ): Promise<SearchResult<T> & { entries: BundleEntry[] }> {
    const maxPages = positive(options.maxPages ?? 20, 'maxPages');
    const maxResources = positive(options.maxResources ?? 5000, 'maxResources');
    const resources: T[] = [];
    const included: FhirResource[] = [];
    const entries: BundleEntry[] = [];
    let url: string | undefined = first;
    let pages = 0;
    let total: number | undefined;
    while (url && pages < maxPages && entries.length < maxResources) {
      const { body, status } = await this.request('GET', url, what);
      const bundle = expectResource<Bundle>(body, ['Bundle'], what, status);
      if (bundle.type !== bundleType)
        throw new FhirError('ehrBadResponse', `${what}: expected a ${bundleType} Bundle, the server sent ${shown(bundle.type)}`, status);
      if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
        throw new FhirError('ehrBadResponse', `${what}: the Bundle's entry is not a list`, status);
      pages += 1;
      if (typeof bundle.total === 'number') total = bundle.total;
      for (const entry of bundle.entry ?? []) {
        // Checked as the server sent it, whatever the Bundle's type says.
        const sent: unknown = entry;
        if (!isRecord(sent)) throw new FhirError('ehrBadResponse', `${what}: a Bundle entry is not an object`, status);
        if (sent.resource !== undefined && (!isRecord(sent.resource) || typeof sent.resource.resourceType !== 'string')) {
          throw new FhirError('ehrBadResponse', `${what}: a Bundle entry's resource has no resourceType`, status);
        }
        const isMatch = entry.search?.mode ? entry.search.mode === 'match' : kind(entry) === 'match';
        if (!isMatch) {
          if (entry.resource) included.push(entry.resource);
          continue;
        }
        if (entries.length >= maxResources) break;
        entries.push(entry);
        if (entry.resource) resources.push(entry.resource as T);
      }
      url = this.nextLink(bundle, what, status);
    }
    const result: SearchResult<T> & { entries: BundleEntry[] } = { resources, included, pages, complete: url === undefined, entries };
    if (total !== undefined) result.total = total;
    return result;
  }

  /** The `next` link, required to stay on this server (it will carry the Authorization header). */
  private nextLink(bundle: Bundle, what: string, status: number): string | undefined {
    const next = recordsIn(bundle.link).find((l) => l.relation === 'next')?.url;
    if (next === undefined) return undefined;
    if (typeof next !== 'string' || !onServer(next, this.baseUrl))
      throw new FhirError('ehrBadResponse', `${what}: the next-page link leaves the server`, status);
    return next;
  }

  private async readLocation<T extends FhirResource>(headers: Headers, type: T['resourceType'], what: string): Promise<T> {
    const location = headers.get('content-location') ?? headers.get('location') ?? '';
    const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$)`).exec(location);
    if (!match?.[1]) throw new FhirError('ehrBadResponse', `${what}: the server sent neither the resource nor its location`);
    return this.read<T>(type, match[1]);
  }

  // --- one request -----------------------------------------------------------------------------------------------

  private async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    what: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<{ body: Record<string, unknown> | null; status: number; headers: Headers }> {
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...extra };
    if (body !== undefined) {
      headers['Content-Type'] = `${FHIR_JSON}; charset=utf-8`;
      headers.Prefer = 'return=representation';
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = async (): Promise<{ res: Response; authorization: string | null }> => {
      const authorization = await this.authorize();
      if (authorization !== null) headers.Authorization = authorization;
      else delete headers.Authorization;
      try {
        return { res: await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' }), authorization };
      } catch (err) {
        throw unreachable(err, what, this.timeoutMs);
      }
    };
    const first = await send();
    let res = first.res;
    if (res.status === 401 && first.authorization !== null && this.invalidate) {
      // The token was refused (revoked, or expired early): dropped, a fresh one asked for, the request sent once more.
      // A second 401 is the answer (ehrUnauthorized).
      await res.body?.cancel().catch(() => undefined);
      this.invalidate(first.authorization);
      res = (await send()).res;
    }
    try {
      if (res.status < 200 || res.status > 299) return await throwForStatus(res, this.maxBytes, what);
      return { body: await readFhirJson(res, this.maxBytes, what), status: res.status, headers: res.headers };
    } catch (err) {
      if (err instanceof FhirError) throw err;
      throw unreachable(err, what, this.timeoutMs);
    }
  }
}

export function unreachable(err: unknown, what: string, timeoutMs: number): FhirError {
  const name = isRecord(err) ? err.name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return new FhirError('ehrUnreachable', `${what}: no answer within ${timeoutMs} ms`);
  const cause = isRecord(err) && isRecord(err.cause) ? err.cause.code : undefined;
  return new FhirError(
    'ehrUnreachable',
    `${what}: the server could not be reached${typeof cause === 'string' && /^[A-Z_]{2,30}$/.test(cause) ? ` (${cause})` : ''}`,
  );
}

/** A value the server sent where it should not, as it may go into an error message: short, as text. */
function shown(value: unknown): string {
  return String(value).slice(0, 20);
}

function historyEntry(entry: BundleEntry): HistoryEntry {
  const method = typeof entry.request?.method === 'string' ? entry.request.method : entry.resource ? 'PUT' : 'DELETE';
  const fromUrl = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/([A-Za-z0-9\-.]{1,64}))?$/.exec(
    entry.request?.url ?? entry.fullUrl ?? '',
  );
  const resource = entry.resource;
  const resourceType = resource?.resourceType ?? fromUrl?.[1];
  const id = resource?.id ?? fromUrl?.[2];
  if (!resourceType || !id) throw new FhirError('ehrBadResponse', 'read history: an entry names no resource');
  const out: HistoryEntry = { resourceType, id, method };
  const versionId = resource?.meta?.versionId ?? fromUrl?.[3] ?? etagVersion(entry.response?.etag ?? null);
  if (versionId) out.versionId = versionId;
  const lastUpdated = resource?.meta?.lastUpdated ?? entry.response?.lastModified;
  if (lastUpdated) out.lastUpdated = lastUpdated;
  if (resource) out.resource = resource;
  return out;
}

function versionOf(resource: FhirResource, headers: Headers, what: string, status: number): string {
  const version = resource.meta?.versionId ?? etagVersion(headers.get('etag'));
  if (!version || !ID.test(version)) throw new FhirError('ehrBadResponse', `${what}: the server did not say which version it holds`, status);
  return version;
}

const etagVersion = (etag: string | null): string | undefined => (etag ? /^(?:W\/)?"?([A-Za-z0-9\-.]{1,64})"?$/.exec(etag.trim())?.[1] : undefined);

function onServer(link: string, baseUrl: string): boolean {
  try {
    const url = new URL(link);
    const base = new URL(`${baseUrl}/`);
    return (
      url.origin === base.origin && (url.pathname === base.pathname.slice(0, -1) || url.pathname.startsWith(base.pathname) || url.pathname === base.pathname)
    );
  } catch {
    return false;
  }
}

export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FhirError('invalidArgument', 'FHIR base URL: not a URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new FhirError('invalidArgument', 'FHIR base URL: https is required (plain http only on loopback)');
  if (url.username || url.password || url.search || url.hash) throw new FhirError('invalidArgument', 'FHIR base URL: no credentials, query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function checkType<K extends string>(type: K): K {
  if (typeof type !== 'string' || !TYPE.test(type)) throw new FhirError('invalidArgument', 'not a FHIR resource type');
  return type;
}

function checkId(id: string): string {
  if (typeof id !== 'string' || !ID.test(id)) throw new FhirError('invalidArgument', 'not a FHIR id');
  return id;
}

function positive(n: number, name: string): number {
  if (!Number.isInteger(n) || n <= 0) throw new FhirError('invalidArgument', `${name} must be a positive whole number`);
  return n;
}

function toQuery(params: Params): string {
  if (params instanceof URLSearchParams) return params.toString();
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) q.append(key, String(v));
  }
  return q.toString();
}
