/** Audit rows are FHIR R4 AuditEvent resources (minus the id, which is the row's sequence number). */

export interface AuditContext {
  /** Who: the signed-in agent or workstation user. */
  actor: string;
  /** Why: the purpose of use, as the agent or the calling code states it. */
  reason: string;
  /** What the person said about themselves, unverified (the CLI's `--actor`): kept beside the actor, never as it. */
  note?: string;
}

export type AuditedOperation =
  | 'lookup-phone'
  | 'search-name-dob'
  | 'search-mrn'
  | 'search-name'
  | 'summary'
  | 'disclosure'
  | 'export'
  | 'monitor'
  /** An import of FHIR files or generated resources: a row when it starts, one when it ends (counts). */
  | 'import'
  /** Reading the previous versions of a resource an import overwrote. */
  | 'history'
  /** The store re-encrypted under a new key. */
  | 'rekey'
  /** The chain re-linked under the audit key by a schema migration (stores from before the keyed chain). */
  | 'audit-rechain'
  /** The agent gave up a write to the FHIR server that could not go (an outbox job), with a reason. */
  | 'outbox-dismiss'
  /** An escalation's hand-off: written for another desk, or accepted or refused from one. */
  | 'handoff'
  /** The team's worklist: the list viewed (the patients named on it), an item created, claimed, released or completed. */
  | 'worklist'
  /** Scheduling on the FHIR server for a patient: free slots searched, an appointment booked, moved or cancelled. */
  | 'schedule-search'
  | 'schedule-book'
  | 'schedule-move'
  | 'schedule-cancel';

/** Something other than a patient an event is about: a file, a key file, the audit chain. No PHI. */
export interface AuditObject {
  reference?: string;
  display?: string;
  detail?: Record<string, string | number>;
}

export interface AuditEntry {
  operation: AuditedOperation;
  ctx: AuditContext;
  patientIds: readonly string[];
  /** Which protected fields were read or disclosed. */
  fields: readonly string[];
  outcome: 'success' | 'denied' | 'not-found' | 'failed';
  /** For disclosures: who the data was (or was not) disclosed to, e.g. `RelatedPerson/rp-1` or `caller`. */
  recipient?: string;
  /** Files, key files, counts: what else the event is about. */
  objects?: readonly AuditObject[];
}

export interface AuditEvent {
  resourceType: 'AuditEvent';
  id?: string;
  type: { system: string; code: string; display: string };
  subtype: { system: string; code: string; display: string }[];
  action: 'R' | 'E' | 'C' | 'U';
  recorded: string;
  outcome: '0' | '4' | '8';
  outcomeDesc?: string;
  purposeOfEvent: { text: string }[];
  agent: { who: { identifier: { value: string } }; requestor: true; altId?: string }[];
  source: { observer: { display: string } };
  entity: {
    what: { reference?: string; display?: string };
    role?: { system: string; code: string; display: string };
    detail?: { type: string; valueString: string }[];
  }[];
}

const REST = { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest', display: 'RESTful Operation' };
const DISCLOSURE = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110106', display: 'Export' };
const IMPORT = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110107', display: 'Import' };
const SECURITY = { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110113', display: 'Security Alert' };
const SUBTYPE_SYSTEM = 'urn:carefront:audit-operation';
const PATIENT_ROLE = { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' };

export function toAuditEvent(entry: AuditEntry, recorded: string): AuditEvent {
  const op = entry.operation;
  const disclosure = op === 'disclosure' || op === 'export' || op === 'monitor' || op === 'outbox-dismiss' || op === 'handoff';
  const security = op === 'rekey' || op === 'audit-rechain';
  const detail = [{ type: 'fields', valueString: entry.fields.join(',') }];
  const entities: AuditEvent['entity'] = entry.patientIds.map((id) => ({ what: { reference: `Patient/${id}` }, role: PATIENT_ROLE, detail }));
  if (entry.recipient) entities.push({ what: { reference: entry.recipient }, detail: [{ type: 'recipient', valueString: entry.recipient }] });
  for (const o of entry.objects ?? []) {
    const what = { ...(o.reference ? { reference: o.reference } : {}), ...(o.display ? { display: o.display } : {}) };
    const details = Object.entries(o.detail ?? {}).map(([type, value]) => ({ type, valueString: String(value) }));
    entities.push(details.length ? { what, detail: details } : { what });
  }
  const outcome = entry.outcome === 'success' ? '0' : entry.outcome === 'failed' ? '8' : '4';
  return {
    resourceType: 'AuditEvent',
    type: op === 'import' ? IMPORT : security ? SECURITY : disclosure ? DISCLOSURE : REST,
    subtype: [{ system: SUBTYPE_SYSTEM, code: op, display: op }],
    action: op === 'import' || op === 'schedule-book' ? 'C' : op === 'schedule-move' || op === 'schedule-cancel' ? 'U' : disclosure || security ? 'E' : 'R',
    recorded,
    outcome,
    ...(entry.outcome === 'success' ? {} : { outcomeDesc: entry.outcome }),
    purposeOfEvent: [{ text: entry.ctx.reason }],
    agent: [{ who: { identifier: { value: entry.ctx.actor } }, requestor: true, ...(entry.ctx.note ? { altId: entry.ctx.note } : {}) }],
    source: { observer: { display: 'carefront-cache' } },
    entity: entities,
  };
}
