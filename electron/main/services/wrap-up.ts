/**
 * Saves the agent's after-call work as a FHIR R4 Communication (phone contact, notes, disposition,
 * promised callback, survey) through the cache's own import path, so it shows in the patient's
 * history on the next call like any other contact.
 */
import crypto from 'node:crypto';
import type { WrapUp, WrapUpSaved } from '../../../shared/domain/wrap-up';
import { CodedError } from '../../../shared/errors';
import type { PatientCache } from '../../cache';
import { DISPOSITION_SYSTEM } from '../../cache/fhir/mapping';

export const WRAP_UP_EXT = 'urn:carefront:wrap-up';

export function wrapUpToCommunication(w: WrapUp, actor: string, now: Date): Record<string, unknown> & { id: string } {
  const id = `wrapup-${crypto.randomUUID()}`;
  return {
    resourceType: 'Communication',
    id,
    status: 'completed',
    category: [{ coding: [{ system: 'urn:carefront:contact', code: 'phone-call', display: 'Phone call' }], text: 'Phone call' }],
    medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: 'PHONE', display: 'telephone' }] }],
    ...(w.patientId ? { subject: { reference: `Patient/${w.patientId}` } } : {}),
    sent: now.toISOString(),
    sender: { display: actor },
    topic: { coding: [{ system: DISPOSITION_SYSTEM, code: w.disposition }], text: w.disposition },
    payload: w.notes.trim() ? [{ contentString: w.notes.trim() }] : [],
    extension: [
      {
        url: WRAP_UP_EXT,
        extension: [
          { url: 'disposition', valueCode: w.disposition },
          ...(w.callId ? [{ url: 'callId', valueString: w.callId }] : []),
          ...(w.followUpAt ? [{ url: 'followUpAt', valueDateTime: w.followUpAt }] : []),
          { url: 'survey', valueBoolean: w.survey },
          { url: 'handleSeconds', valueInteger: w.handleSeconds },
          { url: 'afterCallSeconds', valueInteger: w.afterCallSeconds },
        ],
      },
    ],
  };
}

export function saveWrapUp(cache: PatientCache, w: WrapUp, actor: string, now = new Date()): WrapUpSaved {
  if (w.followUpAt && new Date(w.followUpAt) <= now) {
    throw new CodedError('invalidArgument', 'The callback time must be in the future');
  }
  const resource = wrapUpToCommunication(w, actor, now);
  const report = cache.importGenerated([resource], '(wrap-up)');
  if (report.committed !== 1) {
    // Our own resource failed validation: a bug, reported without the notes (PHI).
    throw new CodedError('internal', `The wrap-up could not be saved (${report.issues[0]?.reason ?? 'not committed'})`);
  }
  return { communicationId: resource.id, savedAt: now.toISOString() };
}
