/**
 * Structural validation of incoming resources (the required elements of FHIR R4 for each supported
 * type, plus the shapes this cache reads). Unknown elements pass through untouched.
 * Issue messages name paths, never values (values are PHI).
 */
import { z } from 'zod';
import { isFhirDate, isFhirDateTime } from '../../../shared/domain/fhir-date';
import { SUPPORTED_RESOURCE_TYPES, type AnyResource, type SupportedResourceType } from './resources';

const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const identifierShape = z.looseObject({ system: z.string().optional(), value: z.string().optional() });
const reference = z.looseObject({ reference: z.string().min(1).optional(), identifier: identifierShape.optional(), display: z.string().optional() });
/** A FHIR Reference that says who: a literal reference, a logical one (identifier only), or a display alone — all valid R4. */
const requiredReference = reference.refine((r) => r.reference !== undefined || r.identifier !== undefined || r.display !== undefined, {
  error: 'empty reference',
});
const codeable = z.looseObject({ coding: z.array(z.looseObject({ code: z.string().optional() })).optional(), text: z.string().optional() });
// Partial dates ("1963", "1963-05") are valid FHIR; a day or time that is not on the calendar is not.
const date = z.string().refine(isFhirDate, { error: 'not a FHIR date', params: { format: 'date' } });
const dateTime = z.string().refine(isFhirDateTime, { error: 'not a FHIR dateTime', params: { format: 'dateTime' } });
const period = z.looseObject({ start: dateTime.optional(), end: dateTime.optional() });
const money = z.looseObject({ value: z.number().optional(), currency: z.string().optional() });
const status = z.string().min(1);
const humanName = z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), text: z.string().optional() });
const contactPoint = z.looseObject({
  system: z.string().optional(),
  value: z.string().optional(),
  use: z.string().optional(),
  rank: z.number().int().positive().optional(),
});

const base = { id };
const schemas: Record<SupportedResourceType, z.ZodType> = {
  Patient: z.looseObject({
    ...base,
    name: z.array(humanName).optional(),
    telecom: z.array(contactPoint).optional(),
    birthDate: date.optional(),
    deceasedDateTime: dateTime.optional(),
    identifier: z.array(z.looseObject({ value: z.string().optional() })).optional(),
  }),
  RelatedPerson: z.looseObject({
    ...base,
    patient: requiredReference,
    name: z.array(humanName).optional(),
    telecom: z.array(contactPoint).optional(),
    birthDate: date.optional(),
  }),
  Consent: z.looseObject({
    ...base,
    status,
    scope: codeable,
    category: z.array(codeable).min(1),
    patient: reference.optional(),
    provision: z.looseObject({ period: period.optional(), actor: z.array(z.looseObject({ reference: requiredReference })).optional() }).optional(),
  }),
  Appointment: z.looseObject({
    ...base,
    status,
    start: dateTime.optional(),
    end: dateTime.optional(),
    participant: z.array(z.looseObject({ actor: reference.optional(), status: z.string().min(1) })).min(1),
  }),
  Coverage: z.looseObject({ ...base, status, beneficiary: requiredReference, payor: z.array(reference).min(1), period: period.optional() }),
  Encounter: z.looseObject({
    ...base,
    status,
    class: z.looseObject({ code: z.string().optional() }),
    subject: reference.optional(),
    period: period.optional(),
  }),
  ServiceRequest: z.looseObject({ ...base, status, intent: z.string().min(1), subject: requiredReference, authoredOn: dateTime.optional() }),
  Account: z.looseObject({ ...base, status, subject: z.array(reference).optional() }),
  Invoice: z.looseObject({
    ...base,
    status,
    subject: reference.optional(),
    date: dateTime.optional(),
    totalNet: money.optional(),
    totalGross: money.optional(),
  }),
  Communication: z.looseObject({ ...base, status, subject: reference.optional(), sent: dateTime.optional() }),
  Flag: z.looseObject({ ...base, status, code: codeable, subject: requiredReference, period: period.optional() }),
};

/** `unsupported`: a resource type the cache does not keep (an EHR export holds everything): ignored, not an error. */
export type Validation = { ok: true; resource: AnyResource } | { ok: false; reason: string; unsupported?: string };

const isSupported = (t: unknown): t is SupportedResourceType => typeof t === 'string' && (SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(t);

export function validateResource(value: unknown): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') return { ok: false, reason: 'missing resourceType' };
  if (!isSupported(resourceType)) {
    const type = resourceType.replace(/[^A-Za-z]/g, '').slice(0, 40);
    return { ok: false, reason: `unsupported resourceType ${type}`, unsupported: type || '(unnamed)' };
  }
  const parsed = schemas[resourceType].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${issueCode(i)}`);
    return { ok: false, reason: `invalid ${resourceType} (${issues.join('; ')})` };
  }
  return { ok: true, resource: value as AnyResource };
}

/** A refinement that checks a format reads as the format error it is. */
const issueCode = (i: z.core.$ZodIssue): string => (i.code === 'custom' && (i.params as { format?: string } | undefined)?.format ? 'invalid_format' : i.code);
