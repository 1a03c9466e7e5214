/**
 * Structural validation of incoming resources (the required elements of FHIR R4 for each supported
 * type, plus the shapes this cache reads). Unknown elements pass through untouched.
 * Issue messages name paths, never values (values are PHI).
 */
import { z } from 'zod';
import { SUPPORTED_RESOURCE_TYPES, type AnyResource, type SupportedResourceType } from './types';

const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/);
const reference = z.looseObject({ reference: z.string().min(1).optional(), display: z.string().optional() });
const requiredReference = z.looseObject({ reference: z.string().min(1), display: z.string().optional() });
const codeable = z.looseObject({ coding: z.array(z.looseObject({ code: z.string().optional() })).optional(), text: z.string().optional() });
const date = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
const dateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/);
const period = z.looseObject({ start: dateTime.optional(), end: dateTime.optional() });
const money = z.looseObject({ value: z.number().optional(), currency: z.string().optional() });
const status = z.string().min(1);
const humanName = z.looseObject({ family: z.string().optional(), given: z.array(z.string()).optional(), text: z.string().optional() });
const contactPoint = z.looseObject({ system: z.string().optional(), value: z.string().optional(), use: z.string().optional(), rank: z.number().int().positive().optional() });

const base = { id };
const schemas: Record<SupportedResourceType, z.ZodType> = {
  Patient: z.looseObject({
    ...base,
    name: z.array(humanName).optional(),
    telecom: z.array(contactPoint).optional(),
    birthDate: date.optional(),
    identifier: z.array(z.looseObject({ value: z.string().optional() })).optional(),
  }),
  RelatedPerson: z.looseObject({ ...base, patient: requiredReference, name: z.array(humanName).optional(), telecom: z.array(contactPoint).optional(), birthDate: date.optional() }),
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
  Encounter: z.looseObject({ ...base, status, class: z.looseObject({ code: z.string().optional() }), subject: reference.optional(), period: period.optional() }),
  ServiceRequest: z.looseObject({ ...base, status, intent: z.string().min(1), subject: requiredReference, authoredOn: dateTime.optional() }),
  Account: z.looseObject({ ...base, status, subject: z.array(reference).optional() }),
  Invoice: z.looseObject({ ...base, status, subject: reference.optional(), date: dateTime.optional(), totalNet: money.optional(), totalGross: money.optional() }),
  Communication: z.looseObject({ ...base, status, subject: reference.optional(), sent: dateTime.optional() }),
  Flag: z.looseObject({ ...base, status, code: codeable, subject: requiredReference, period: period.optional() }),
};

export type Validation = { ok: true; resource: AnyResource } | { ok: false; reason: string };

const isSupported = (t: unknown): t is SupportedResourceType =>
  typeof t === 'string' && (SUPPORTED_RESOURCE_TYPES as readonly string[]).includes(t);

export function validateResource(value: unknown): Validation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') return { ok: false, reason: 'missing resourceType' };
  if (!isSupported(resourceType)) return { ok: false, reason: `unsupported resourceType ${resourceType.replace(/[^A-Za-z]/g, '').slice(0, 40)}` };
  const parsed = schemas[resourceType].safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
    return { ok: false, reason: `invalid ${resourceType} (${issues.join('; ')})` };
  }
  return { ok: true, resource: value as AnyResource };
}
