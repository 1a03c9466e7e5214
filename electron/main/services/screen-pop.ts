/**
 * The screen pop: an incoming call's caller ID looked up in the encrypted cache the moment the call
 * reaches the main process, before the agent answers. Audited like every lookup. A caller ID that is
 * not a phone number (withheld, a SIP name) pops an empty result, and the agent searches instead.
 */
import type { CallView } from '../../../shared/domain/call';
import type { ScreenPop } from '../../../shared/ipc/contract';
import { toE164 } from '../../cache';
import type { PatientRepository } from '../../cache/repositories/patients';
import { toCallerChoice } from '../../../shared/domain/patient';
import { safeLog } from '../safe-log';

export function screenPop(patients: PatientRepository, call: CallView, actor: string): ScreenPop {
  const started = performance.now();
  const number = call.remote.e164 ?? (/^\+?\d{7,15}$/.test(call.remote.user) ? toE164(call.remote.user, patients.defaultRegion) : null);
  let matches: ScreenPop['matches'] = [];
  if (number) {
    try {
      // Only what picks the caller goes to the page: never a date of birth, an MRN or anything clinical.
      matches = patients.lookupByPhone(number, { actor, reason: 'screen pop for an incoming call' }).map(toCallerChoice);
    } catch (err) {
      safeLog.warn('screen pop lookup failed', err);
    }
  }
  return { callId: call.id, number, matches, lookupMs: Number((performance.now() - started).toFixed(2)), inviteAt: Date.parse(call.createdAt) };
}
