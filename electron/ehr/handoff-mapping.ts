/**
 * An escalation's hand-off as a FHIR R4 Communication: the one place that says how it is written and read back.
 *
 * - `identifier`: `HANDOFF_ID_SYSTEM|<hand-off id>` (the UUID the sending desk made and the consult INVITE carries),
 *   and the write's client id (`handoff-<id>`, for the outbox's conditional create).
 * - `meta.tag` and `category`: `urn:carefront:record-kind|handoff`.
 * - `subject`: the Patient; `sender`: the agent (`display`) and the desk's SIP user (`identifier` in
 *   `SIP_USER_SYSTEM`), which the receiving desk compares with the identity the SIP server asserted for the call;
 *   `recipient`: the escalation's target role (`display`); `sent`: when it was written.
 * - `reasonCode`: the escalation reason (`urn:carefront:escalation-reason`); `payload`: the agent's notes.
 * - the `urn:carefront:handoff` extension: the escalation, the sender's call id, who is calling (`callerKind`, and
 *   the RelatedPerson by reference), the verification status, the kinds of identifiers that matched (never their
 *   values), and when the caller was verified.
 * Read back, every field is checked (`HandoffFactsSchema`); anything else reads as null.
 */
import type { Communication } from 'fhir/r4';
import { HandoffFactsSchema, type HandoffFacts } from '../../shared/handoff/handoff';
import { CAREFRONT_EXTENSIONS, codeValue, complexExtension, dateTimeValue, readComplexExtension, stringValue } from '../cache/fhir/extensions';
import { RECORD_KIND_SYSTEM } from '../cache/fhir/record-shapes';
import { type SiteEhr, siteFhirClient } from './site-connection';
import { stamped, type FhirWrite } from './write-back-mapping';

export const HANDOFF_ID_SYSTEM = 'urn:carefront:handoff-id';
export const SIP_USER_SYSTEM = 'urn:carefront:sip-user';
export const ESCALATION_REASON_SYSTEM = 'urn:carefront:escalation-reason';

const KIND = { system: RECORD_KIND_SYSTEM, code: 'handoff' } as const;

/** The search that finds the hand-off with this id (at most one is expected). */
export const handoffSearch = (handoffId: string): Record<string, string> => ({ identifier: `${HANDOFF_ID_SYSTEM}|${handoffId}` });

export function handoffWrite(f: HandoffFacts): FhirWrite {
  const communication: Communication = {
    resourceType: 'Communication',
    status: 'completed',
    identifier: [{ system: HANDOFF_ID_SYSTEM, value: f.handoffId }],
    category: [{ coding: [KIND] }],
    subject: { reference: `Patient/${f.patientId}` },
    sender: { identifier: { system: SIP_USER_SYSTEM, value: f.senderSipUser }, display: f.senderAgent },
    recipient: [{ display: f.escalation }],
    sent: f.sentAt,
    reasonCode: [{ coding: [{ system: ESCALATION_REASON_SYSTEM, code: f.reason }] }],
    ...(f.notes ? { payload: [{ contentString: f.notes }] } : {}),
    extension: [
      complexExtension(CAREFRONT_EXTENSIONS.handoff, {
        escalation: codeValue(f.escalation),
        callId: stringValue(f.callId),
        callerKind: codeValue(f.caller.kind),
        relatedPerson: f.caller.kind === 'proxy' && f.caller.relatedPersonId ? stringValue(`RelatedPerson/${f.caller.relatedPersonId}`) : null,
        verificationStatus: codeValue(f.verification.status),
        matched: f.verification.matched.length ? stringValue(f.verification.matched.join(' ')) : null,
        verifiedAt: f.verification.verifiedAt ? dateTimeValue(f.verification.verifiedAt) : null,
      }),
    ],
  };
  return stamped('handoff', `handoff-${f.handoffId}`, communication);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The hand-off a resource from the server holds, checked field by field; null when it is not a well-formed one. */
export function handoffFromServer(resource: unknown): HandoffFacts | null {
  if (!isRecord(resource) || resource.resourceType !== 'Communication') return null;
  const c = resource as unknown as Communication;
  if (!c.meta?.tag?.some((t) => t.system === KIND.system && t.code === KIND.code)) return null;
  const ext = readComplexExtension(c, CAREFRONT_EXTENSIONS.handoff);
  if (!ext) return null;
  const ids = (c.identifier ?? []).filter((i) => i.system === HANDOFF_ID_SYSTEM);
  const patientId = /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(c.subject?.reference ?? '')?.[1];
  const sender = c.sender?.identifier?.system === SIP_USER_SYSTEM ? c.sender.identifier.value : undefined;
  const reason = c.reasonCode?.[0]?.coding?.find((x) => x.system === ESCALATION_REASON_SYSTEM)?.code;
  const callerKind = ext.code('callerKind');
  const related = ext.string('relatedPerson');
  const relatedPersonId = related ? (/^RelatedPerson\/([A-Za-z0-9\-.]{1,64})$/.exec(related)?.[1] ?? 'invalid/') : null;
  const matched = ext.string('matched');
  const parsed = HandoffFactsSchema.safeParse({
    handoffId: ids.length === 1 ? ids[0]?.value : undefined,
    patientId,
    senderSipUser: sender,
    senderAgent: c.sender?.display,
    sentAt: c.sent,
    escalation: ext.code('escalation'),
    reason,
    notes: (c.payload ?? []).map((p) => p.contentString ?? '').join('\n'),
    callId: ext.string('callId'),
    caller: callerKind === 'proxy' ? { kind: 'proxy', relatedPersonId } : { kind: callerKind },
    verification: {
      status: ext.code('verificationStatus'),
      matched: matched ? matched.split(' ') : [],
      verifiedAt: ext.dateTime('verifiedAt') ?? null,
    },
  });
  return parsed.success ? parsed.data : null;
}

/** Reads the records with a hand-off id from the site's FHIR server (its authorizer signs each request), or null when the site has none. */
export function handoffRecords(link: SiteEhr['link'], timeoutMs = 5000): ((handoffId: string) => Promise<unknown[]>) | null {
  if (!link) return null;
  const client = siteFhirClient(link, { timeoutMs });
  // At most a few: one is expected, more than one is refused as malformed.
  return async (handoffId) => (await client.search('Communication', handoffSearch(handoffId), { maxPages: 1, maxResources: 5 })).resources;
}
