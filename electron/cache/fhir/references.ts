/** Reading FHIR references: `Patient/123`, absolute URLs, versioned ids, and Bundle-local urn:uuid ones. */
import type { AnyResource, Reference } from './resources';

export interface ParsedReference {
  type: string;
  id: string;
}

const RELATIVE = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

export function parseReference(ref: Reference | undefined | null): ParsedReference | null {
  const value = ref?.reference;
  if (typeof value !== 'string') return null;
  const [, type, id] = RELATIVE.exec(value) ?? [];
  return type !== undefined && id !== undefined ? { type, id } : null;
}

export const referenceId = (ref: Reference | undefined | null, type: string): string | null => {
  const parsed = parseReference(ref);
  return parsed && parsed.type === type ? parsed.id : null;
};

const asRefs = (value: unknown): Reference[] => (Array.isArray(value) ? (value as Reference[]) : value ? [value] : []);

/** The patient a resource belongs to (the one whose summary shows it), or null. */
export function owningPatientId(r: AnyResource): string | null {
  const patientIn = (refs: Reference[]): string | null => {
    for (const ref of refs) {
      const id = referenceId(ref, 'Patient');
      if (id) return id;
    }
    return null;
  };
  switch (r.resourceType) {
    case 'Patient':
      return r.id;
    case 'RelatedPerson':
    case 'Consent':
      return patientIn(asRefs(r.patient));
    case 'Coverage':
      return patientIn(asRefs(r.beneficiary));
    case 'Appointment':
      return patientIn(((r.participant as { actor?: Reference }[] | undefined) ?? []).map((p) => p.actor ?? {}));
    default:
      return patientIn(asRefs(r.subject));
  }
}

/** Rewrites references that point at a Bundle entry's fullUrl (urn:uuid:...) to `Type/id`. */
export function resolveBundleReferences(resource: AnyResource, fullUrls: ReadonlyMap<string, string>): AnyResource {
  if (fullUrls.size === 0) return resource;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) {
        out[k] = k === 'reference' && typeof v === 'string' ? (fullUrls.get(v) ?? v) : walk(v);
      }
      return out;
    }
    return node;
  };
  return walk(resource) as AnyResource;
}
