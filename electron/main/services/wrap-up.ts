/**
 * Saves the agent's after-call work as a FHIR R4 Communication (phone contact, notes, disposition,
 * promised callback, survey) through the cache's own import path, so it shows in the patient's
 * history on the next call like any other contact.
 *
 * A minor's confidential words never reach the parent: a contact about sensitive care (the agent
 * says so), and every contact for a patient of confidential age (the policy's
 * representatives.confidentialFromAge up to adultAge), carries the same security label as sensitive
 * care (meta.security v3-Confidentiality R), so it is withheld from proxies exactly like that care.
 * After the call main no longer knows who was on the line, so a minor's contact is labelled whoever
 * called: the record errs on the side of the minor (the agent, and the minor, still see it).
 */
import crypto from 'node:crypto';
import type { WrapUp, WrapUpSaved } from '../../../shared/domain/wrap-up';
import { CodedError } from '../../../shared/errors';
import { booleanValue, CAREFRONT_EXTENSIONS, codeValue, complexExtension, dateTimeValue, integerValue, stringValue } from '../../cache/fhir/extensions';
import type { ContactRecordRepository } from '../../cache/repositories/contact-records';
import type { ImportRepository } from '../../cache/repositories/imports';
import type { PatientRepository } from '../../cache/repositories/patients';
import { ageOn } from '../../../shared/domain/age';
import { fhirDateDays } from '../../../shared/domain/fhir-date';
import { DISPOSITION_SYSTEM, RESTRICTED_LABEL } from '../../cache/fhir/mapping';
import type { Communication } from 'fhir/r4';
import { NO_WRITE_BACK, type WriteBack } from '../../ehr/write-back';
import { wrapUpFiguresWrite, wrapUpWrite } from '../../ehr/write-back-mapping';

/** The policy's ages of a minor's own confidential care: from `from` up to (not including) `until`. */
export interface ConfidentialAges {
  from: number;
  until: number;
}

export function wrapUpToCommunication(w: WrapUp, actor: string, now: Date, confidential = w.sensitive === true): Record<string, unknown> & { id: string } {
  const id = `wrapup-${crypto.randomUUID()}`;
  return {
    resourceType: 'Communication',
    id,
    ...(confidential ? { meta: { security: [{ ...RESTRICTED_LABEL }] } } : {}),
    status: 'completed',
    category: [{ coding: [{ system: 'urn:carefront:contact', code: 'phone-call', display: 'Phone call' }], text: 'Phone call' }],
    medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: 'PHONE', display: 'telephone' }] }],
    ...(w.patientId ? { subject: { reference: `Patient/${w.patientId}` } } : {}),
    sent: now.toISOString(),
    sender: { display: actor },
    topic: { coding: [{ system: DISPOSITION_SYSTEM, code: w.disposition }], text: w.disposition },
    payload: w.notes.trim() ? [{ contentString: w.notes.trim() }] : [],
    extension: [
      complexExtension(CAREFRONT_EXTENSIONS.wrapUp, {
        disposition: codeValue(w.disposition),
        callId: w.callId ? stringValue(w.callId) : null,
        followUpAt: w.followUpAt ? dateTimeValue(w.followUpAt) : null,
        survey: booleanValue(w.survey),
        handleSeconds: integerValue(w.handleSeconds),
        afterCallSeconds: integerValue(w.afterCallSeconds),
        callReason: w.callReason ? codeValue(w.callReason) : null,
      }),
      ...(w.guide
        ? [
            complexExtension(CAREFRONT_EXTENSIONS.callGuide, {
              guide: codeValue(w.guide.guide),
              language: codeValue(w.guide.language),
              path: stringValue(w.guide.path.join(' ')),
              checked: w.guide.checked.length ? stringValue(w.guide.checked.join(' ')) : null,
              finished: booleanValue(w.guide.finished),
            }),
          ]
        : []),
    ],
  };
}

/** Whether the patient is, today, of the age whose sensitive care is their own (unknown age: no). */
function ofConfidentialAge(patients: PatientRepository, patientId: string, ages: ConfidentialAges, actor: string, now: Date): boolean {
  let birthDate: string | null;
  try {
    birthDate = patients.summary(patientId, { actor, reason: 'wrap-up: is the patient a minor of confidential age' }).patient.birthDate;
  } catch (err) {
    if (err instanceof CodedError && err.code === 'notFound') return false; // nobody to withhold it from
    throw err;
  }
  // A partial birth date ("2011", "2011-05"): of that age if any day it allows would be.
  const days = birthDate ? fhirDateDays(birthDate) : null;
  if (!days) return false;
  const oldest = ageOn(days.first, now);
  const youngest = ageOn(days.last, now);
  return oldest !== null && youngest !== null && youngest < ages.until && oldest >= ages.from;
}

/**
 * Where a wrap-up goes: the patient's history (through the import path), the contact figures for the KPIs, and, when
 * the site has a FHIR server, the outbox to it (both the wrap-up and its figures; none without a server).
 */
export interface WrapUpStores {
  patients: PatientRepository;
  imports: ImportRepository;
  contacts: ContactRecordRepository;
  writeBack?: WriteBack;
}

export function saveWrapUp(stores: WrapUpStores, w: WrapUp, actor: string, now = new Date(), ages?: ConfidentialAges): WrapUpSaved {
  if (w.followUpAt && new Date(w.followUpAt) <= now) {
    throw new CodedError('invalidArgument', 'The callback time must be in the future');
  }
  const confidential = w.sensitive === true || (!!w.patientId && !!ages && ofConfidentialAge(stores.patients, w.patientId, ages, actor, now));
  const resource = wrapUpToCommunication(w, actor, now, confidential);
  const report = stores.imports.importGenerated([resource], '(wrap-up)');
  if (report.committed !== 1) {
    // Our own resource failed validation: a bug, reported without the notes (PHI).
    throw new CodedError('internal', `The wrap-up could not be saved (${report.issues[0]?.reason ?? 'not committed'})`);
  }
  const writeBack = stores.writeBack ?? NO_WRITE_BACK;
  // To the organisation's server too (the server's copy replaces this one when it answers).
  writeBack.create(wrapUpWrite(resource as unknown as Communication & { id: string }));
  // Its figures (no notes, no patient) join the call's contact record in the KPIs.
  if (w.callId) {
    const figures = {
      recordId: resource.id,
      agent: actor,
      callId: w.callId,
      savedAt: now.toISOString(),
      disposition: w.disposition,
      afterCallSeconds: w.afterCallSeconds,
    };
    stores.contacts.recordWrapUp(figures);
    writeBack.create(wrapUpFiguresWrite({ ...figures, satisfaction: null }));
  }
  return { communicationId: resource.id, savedAt: now.toISOString() };
}
