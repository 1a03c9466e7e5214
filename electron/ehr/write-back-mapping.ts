/**
 * What the desk writes back to the organisation's FHIR server, as FHIR R4 resources: the one place that says how
 * each kind of record is mapped. Every write carries
 * - an identifier in `CLIENT_ID_SYSTEM` whose value is the write's client id (made by this desk, unique), so the
 *   create is conditional (`If-None-Exist: identifier=<system>|<client id>`) and a retry after a lost answer finds
 *   the resource it already made instead of making a second one;
 * - a `meta.tag` in `RECORD_KIND_SYSTEM` naming the kind of record (so a refusal can name the kind, never the record,
 *   and the server can be searched by kind).
 *
 * The mappings:
 * - wrap-up: the Communication the desk keeps in the patient's history (telephone contact, notes, disposition and
 *   figures in the `urn:carefront:wrap-up` extension), as it is; its local id is the client id, and the server's copy
 *   replaces the local one when the server answers.
 * - contact: a contact record's figures for the team KPIs, as a Communication with category
 *   `RECORD_KIND_SYSTEM|contact`, medium telephone, `sent` = when the call was offered (a call) or its wrap-up saved
 *   (a wrap-up), `sender.display` = the agent, and the `urn:carefront:contact-figures` extension (kind, call id,
 *   offered/answered/ended, disposition, after-call seconds, the desk's SIP user). No subject, no notes: nothing about
 *   the patient beyond that a call took place. A team lead's desk reads a period's back (ehr/team-data-mapping.ts) with
 *   `Communication?category=urn:carefront:record-kind|contact&sent=ge<from>&sent=lt<to>`.
 * - audit-event: a row of the desk's audit chain, as the AuditEvent it already is (cache/audit/audit-event.ts) with
 *   `source.site` = `auditChainSite(<chain>)`, an entity naming the write (`entity.name` = the client id, fixed width,
 *   so the conditional create is `entity-name=<client id>`: AuditEvent has no identifier), and the
 *   `urn:carefront:audit-anchor` extension (chain, seq, the row's keyed link), which anchors the local chain on the
 *   server (electron/ehr/audit-export.ts).
 * - practice-attempt: a finished practice call as a Communication with category `RECORD_KIND_SYSTEM|practice-attempt`,
 *   `sent` = its end, `sender.display` = the trainee, the `urn:carefront:practice-attempt` extension (scenario,
 *   started, ended, percent, passed) and the score report as a JSON attachment. Practice uses synthetic callers only.
 * - worklist-task: a callback, billing dispute or referral follow-up for the team's worklist, as the Task
 *   worklist/task-mapping.ts builds (that module says how a Task is shaped and read back).
 * The categories, extensions and their fields of the contact and practice records are spelled out once, in
 * cache/fhir/record-shapes.ts, which the read side uses too.
 */
import type { PracticeAttemptOf } from '../../shared/practice/view';
import type { AuditEvent as FhirAuditEvent, Communication, Resource, Task } from 'fhir/r4';
import type { AuditEvent } from '../cache/audit/audit-event';
import type { WriteKind } from '../../shared/ehr/write-back';
import { WRITE_KINDS } from '../../shared/ehr/write-back';
import { CAREFRONT_EXTENSIONS, complexExtension, integerValue, stringValue } from '../cache/fhir/extensions';
import { RECORD_KIND_SYSTEM, RECORD_SHAPES, recordCategory, recordExtension, type FieldValues } from '../cache/fhir/record-shapes';
import type { CallRecord, WrapUpRecord } from '../cache/repositories/contact-records';
import { isRecord, recordsIn } from './untrusted-json';

/** The system of the identifier each written resource carries: its client id. */
export const CLIENT_ID_SYSTEM = 'urn:carefront:client-id';
/** The system of the kind of record: `meta.tag` on every write, and the category of contact and practice Communications. */
export { RECORD_KIND_SYSTEM };

const TELEPHONE = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode',
      code: 'PHONE',
      display: 'telephone',
    },
  ],
};

/** One write for the outbox: the kind of record, its client id and the resource (which carries both). */
export interface FhirWrite {
  kind: WriteKind;
  clientId: string;
  /** The resource to create; its `id`, when it has one, is the desk's provisional local copy (never sent). */
  resource: Resource;
}

/** The `If-None-Exist` query of a write's conditional create. */
export const ifNoneExist = (clientId: string, resourceType = ''): string =>
  resourceType === 'AuditEvent' ? `entity-name=${clientId}` : `identifier=${CLIENT_ID_SYSTEM}|${clientId}`;

/** The kind of record a written resource says it is (its `meta.tag`), or null. */
export function writeKindOf(resource: unknown): WriteKind | null {
  const meta = isRecord(resource) ? resource.meta : undefined;
  const tags = isRecord(meta) ? meta.tag : undefined;
  if (!Array.isArray(tags)) return null;
  const code = recordsIn(tags).find((t) => t.system === RECORD_KIND_SYSTEM)?.code;
  return (WRITE_KINDS as readonly unknown[]).includes(code) ? (code as WriteKind) : null;
}

/** The resource with its client identifier and kind tag added (anything it already carried is kept). */
export function stamped(kind: WriteKind, clientId: string, resource: Resource & { identifier?: unknown }): FhirWrite {
  const identifiers = Array.isArray(resource.identifier) ? (resource.identifier as unknown[]) : [];
  const meta = resource.meta ?? {};
  const out = {
    ...resource,
    meta: {
      ...meta,
      tag: [...(meta.tag ?? []), { system: RECORD_KIND_SYSTEM, code: kind }],
    },
    identifier: [...identifiers, { system: CLIENT_ID_SYSTEM, value: clientId }],
  };
  return { kind, clientId, resource: out };
}

/** The agent's wrap-up, as kept in the patient's history (wrap-up.ts builds it); its local id is the client id. */
export function wrapUpWrite(communication: Communication & { id: string }): FhirWrite {
  return stamped('wrap-up', communication.id, communication);
}

/** A new item for the team's worklist (a Task from worklist/task-mapping.ts); `clientId` is made by the desk (unique). */
export function worklistTaskWrite(clientId: string, task: Task): FhirWrite {
  return stamped('worklist-task', clientId, task);
}

/** The figures of a call that ended on this desk (a contact record), for the team KPIs; `sipUser` names the desk's agent as the team file does. */
export function callFiguresWrite(r: CallRecord, sipUser = ''): FhirWrite {
  return stamped(
    'contact',
    `figures-${r.recordId}`,
    figures(r.agent, r.offeredAt, {
      kind: 'call',
      callId: r.callId,
      offeredAt: r.offeredAt,
      answeredAt: r.answeredAt,
      endedAt: r.endedAt,
      sipUser: sipUser || null,
    }),
  );
}

/** The figures of a wrap-up saved on this desk (a contact record: disposition and after-call seconds, no notes). */
export function wrapUpFiguresWrite(r: WrapUpRecord): FhirWrite {
  return stamped(
    'contact',
    `figures-${r.recordId}`,
    figures(r.agent, r.savedAt, {
      kind: 'wrap-up',
      callId: r.callId,
      savedAt: r.savedAt,
      disposition: r.disposition || null,
      afterCallSeconds: r.afterCallSeconds,
    }),
  );
}

function figures(agent: string, sent: string, fields: FieldValues<typeof RECORD_SHAPES.contact.fields>): Communication {
  return {
    resourceType: 'Communication',
    status: 'completed',
    category: [recordCategory(RECORD_SHAPES.contact)],
    medium: [TELEPHONE],
    sent,
    sender: { display: agent },
    extension: [recordExtension(RECORD_SHAPES.contact, fields)],
  };
}

/** A finished practice call and its score report; `clientId` is made by the desk when the attempt was recorded (unique). */
export type PracticeAttemptFacts = Omit<PracticeAttemptOf<unknown>, 'id'> & { clientId: string };

export function practiceAttemptWrite(a: PracticeAttemptFacts): FhirWrite {
  const attempt: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    category: [recordCategory(RECORD_SHAPES.practiceAttempt)],
    sent: a.endedAt,
    sender: { display: a.trainee },
    payload: [
      {
        contentAttachment: {
          contentType: 'application/json',
          data: Buffer.from(JSON.stringify(a.report)).toString('base64'),
          title: PRACTICE_REPORT_TITLE,
        },
      },
    ],
    extension: [
      recordExtension(RECORD_SHAPES.practiceAttempt, {
        scenarioId: a.scenarioId,
        startedAt: a.startedAt,
        endedAt: a.endedAt,
        percent: Math.round(a.percent),
        passed: a.passed,
      }),
    ],
  };
  return stamped('practice-attempt', a.clientId, attempt);
}

/** The title of a practice attempt's score report (its JSON attachment). */
export const PRACTICE_REPORT_TITLE = 'Practice score report';

/** The `source.site` of the AuditEvents one desk's audit chain exports (searchable: `AuditEvent?site=…`). */
export const auditChainSite = (chainId: string): string => `carefront-audit-chain:${chainId}`;

/** The client id of one exported audit row: fixed width, so no client id is the beginning of another (`entity-name` matches prefixes). */
export const auditClientId = (chainId: string, seq: number): string => `audit-${chainId}-${String(seq).padStart(12, '0')}`;

/** A local entity for the server: what is not a FHIR reference (`sip:agent7`, a file) is named by display instead. */
function serverEntity(e: AuditEvent['entity'][number]): NonNullable<FhirAuditEvent['entity']>[number] {
  const ref = e.what.reference;
  if (ref === undefined || /^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}$/.test(ref)) return e;
  return { ...e, what: { display: e.what.display ?? ref } };
}

/** One row of the desk's audit chain, exported: its AuditEvent with the chain's anchor. */
export function auditEventWrite(row: { seq: number; hash: string; event: AuditEvent }, chainId: string): FhirWrite {
  const clientId = auditClientId(chainId, row.seq);
  const { id: _row, ...event } = row.event;
  const resource: FhirAuditEvent = {
    ...(event as unknown as FhirAuditEvent),
    meta: { tag: [{ system: RECORD_KIND_SYSTEM, code: 'audit-event' }] },
    source: { ...event.source, site: auditChainSite(chainId) },
    entity: [...event.entity.map(serverEntity), { what: { identifier: { system: CLIENT_ID_SYSTEM, value: clientId } }, name: clientId }],
    extension: [complexExtension(CAREFRONT_EXTENSIONS.auditAnchor, { chain: stringValue(chainId), seq: integerValue(row.seq), head: stringValue(row.hash) })],
  };
  return { kind: 'audit-event', clientId, resource };
}
