/** Audit rows are FHIR R4 AuditEvent resources (minus the id, which is the row's sequence number). */

export interface AuditContext {
  /** Who: the signed-in agent or workstation user. */
  actor: string;
  /** Why: the purpose of use, as the agent or the calling code states it. */
  reason: string;
}

export type AuditedOperation = 'lookup-phone' | 'search-name-dob' | 'search-mrn' | 'summary' | 'disclosure' | 'export' | 'monitor';

export interface AuditEntry {
  operation: AuditedOperation;
  ctx: AuditContext;
  patientIds: readonly string[];
  /** Which protected fields were read or disclosed. */
  fields: readonly string[];
  outcome: 'success' | 'denied' | 'not-found';
  /** For disclosures: who the data was (or was not) disclosed to, e.g. `RelatedPerson/rp-1` or `caller`. */
  recipient?: string;
}

export interface AuditEvent {
  resourceType: 'AuditEvent';
  id?: string;
  type: { system: string; code: string; display: string };
  subtype: { system: string; code: string; display: string }[];
  action: 'R' | 'E';
  recorded: string;
  outcome: '0' | '4';
  outcomeDesc?: string;
  purposeOfEvent: { text: string }[];
  agent: { who: { identifier: { value: string } }; requestor: true }[];
  source: { observer: { display: string } };
  entity: {
    what: { reference: string };
    role?: { system: string; code: string; display: string };
    detail?: { type: string; valueString: string }[];
  }[];
}

const REST = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' };
const DISCLOSURE = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' };
const SUBTYPE_SYSTEM = 'urn:carefront:audit-operation';
const PATIENT_ROLE = { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' };

export function toAuditEvent(entry: AuditEntry, recorded: string): AuditEvent {
  const disclosure = entry.operation === 'disclosure' || entry.operation === 'export' || entry.operation === 'monitor';
  const detail = [{ type: 'fields', valueString: entry.fields.join(',') }];
  const entities: AuditEvent['entity'] = entry.patientIds.map((id) => ({ what: { reference: `Patient/${id}` }, role: PATIENT_ROLE, detail }));
  if (entry.recipient) entities.push({ what: { reference: entry.recipient }, detail: [{ type: 'recipient', valueString: entry.recipient }] });
  return {
    resourceType: 'AuditEvent',
    type: disclosure ? DISCLOSURE : REST,
    subtype: [{ system: SUBTYPE_SYSTEM, code: entry.operation, display: entry.operation }],
    action: disclosure ? 'E' : 'R',
    recorded,
    outcome: entry.outcome === 'success' ? '0' : '4',
    ...(entry.outcome === 'success' ? {} : { outcomeDesc: entry.outcome }),
    purposeOfEvent: [{ text: entry.ctx.reason }],
    agent: [{ who: { identifier: { value: entry.ctx.actor } }, requestor: true }],
    source: { observer: { display: 'carefront-cache' } },
    entity: entities,
  };
}
