/**
 * Reading one answer of a FHIR server: the body bounded in size, the content type and JSON checked, a FHIR
 * resource of the expected type required, and an error status (with its OperationOutcome) turned into a coded
 * FhirError. Nothing of the body reaches an error message.
 */
import type { FhirResource } from 'fhir/r4';
import { readBodyBounded } from './bounded-body';
import { describeIssues, FhirError, codeForStatus, retryAfterMs, safeIssues } from './fhir-error';

const FHIR_JSON = /^application\/(fhir\+)?json\s*(;|$)/i;

/** The body as text, refusing more than `maxBytes` (by Content-Length first, then while reading). */
export function readBounded(res: Response, maxBytes: number, what: string): Promise<string> {
  return readBodyBounded(res, maxBytes, () => new FhirError('ehrBadResponse', `${what}: the answer is larger than the ${maxBytes}-byte limit`, res.status));
}

/** The parsed JSON of a FHIR answer, or a coded error when it is not FHIR JSON. An empty body gives `null`. */
export async function readFhirJson(res: Response, maxBytes: number, what: string): Promise<Record<string, unknown> | null> {
  const text = await readBounded(res, maxBytes, what);
  if (!text.trim()) return null;
  const type = res.headers.get('content-type') ?? '';
  if (!FHIR_JSON.test(type)) {
    throw new FhirError('ehrBadResponse', `${what}: expected FHIR JSON, the server sent ${JSON.stringify(type.slice(0, 60) || 'no content type')}`, res.status);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FhirError('ehrBadResponse', `${what}: the answer is not valid JSON`, res.status);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { resourceType?: unknown }).resourceType !== 'string') {
    throw new FhirError('ehrBadResponse', `${what}: the answer is not a FHIR resource (no resourceType)`, res.status);
  }
  return parsed as Record<string, unknown>;
}

/** Throws the coded error for a non-success answer, with the safe part of its OperationOutcome. */
export async function throwForStatus(res: Response, maxBytes: number, what: string): Promise<never> {
  let issues: ReturnType<typeof safeIssues> = [];
  try {
    const body = await readFhirJson(res, maxBytes, what);
    if (body?.resourceType === 'OperationOutcome') issues = safeIssues(body);
  } catch {
    // The status says enough; a malformed error body adds nothing safe to report.
  }
  const retryAfter = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after')) : undefined;
  throw new FhirError(codeForStatus(res.status), `${what}: the server answered ${res.status}${describeIssues(issues)}`, res.status, issues, retryAfter);
}

/**
 * Requires a resource of one of `types` (the names of T's resource types); an OperationOutcome in a success answer is
 * reported as refused. Only the resource type is checked here: what the caller reads of it, it checks as it reads.
 */
export function expectResource<T extends FhirResource>(
  body: Record<string, unknown> | null,
  types: readonly T['resourceType'][],
  what: string,
  status: number,
): T {
  if (!body) throw new FhirError('ehrBadResponse', `${what}: the server sent no resource`, status);
  const named: readonly string[] = types;
  if (body.resourceType === 'OperationOutcome' && !named.includes('OperationOutcome')) {
    const issues = safeIssues(body);
    throw new FhirError('ehrRefused', `${what}: the server answered with an OperationOutcome${describeIssues(issues)}`, status, issues);
  }
  if (typeof body.resourceType !== 'string' || !named.includes(body.resourceType)) {
    throw new FhirError('ehrBadResponse', `${what}: expected ${types.join(' or ')}, the server sent ${String(body.resourceType).slice(0, 40)}`, status);
  }
  return body as T;
}
